import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type FieldError } from '../errors.js';

// ajv-formats ships CommonJS with a default export property
type AddFormats = (ajv: Ajv2020) => Ajv2020;
/** ajv-formats' plugin (date-time, uri, email, …), for every Ajv instance that reads our schemas. */
export const addFormats = ((addFormatsModule as unknown as { default: { default?: AddFormats } & AddFormats })
  .default.default ?? (addFormatsModule as unknown as { default: AddFormats }).default) as AddFormats;

export type JsonSchema = Record<string, unknown> & { $id: string };

/** Reads every JSON Schema in schemas/ (our request bodies and records). Called by the composition root. */
export function loadSchemas(dir: string): JsonSchema[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonSchema);
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Ajv errors → problem `errors[]` with JSON pointers into the request body. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    let detail = e.message ?? 'is invalid';
    // a oneOf of `required` branches says "exactly one of these members"; its branch errors add nothing
    const exclusive = e.keyword === 'oneOf' ? exclusiveMembers(e.parentSchema) : undefined;
    if (!exclusive && /\/oneOf\/\d+\/required$/.test(e.schemaPath)) continue;
    if (exclusive) {
      pointer += `/${escapePointer(exclusive[0] ?? '')}`;
      detail = `give exactly one of ${exclusive.join(' and ')}`;
    } else if (e.keyword === 'required') {
      pointer += `/${escapePointer(String(params.missingProperty))}`;
      detail = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      pointer += `/${escapePointer(String(params.additionalProperty))}`;
      detail = 'is not a known field';
    } else if (e.keyword === 'enum') {
      detail = `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    }
    if (!out.some((x) => x.pointer === pointer && x.detail === detail)) out.push({ pointer, detail });
  }
  return out;
}

/** What a route declares of its query parameters (the same objects /openapi.json documents). */
export interface QueryParamSchema {
  name: string;
  schema: Record<string, unknown>;
}

/**
 * Checks a query string against the parameters a route declares, so that the reference and the
 * service agree: an undeclared parameter, a repeated one or a value its schema refuses is a 400
 * naming `/query/<name>`. Values arrive as text and are read as the schema's type says.
 */
export function createQueryCheck(
  params: QueryParamSchema[],
  schemas: JsonSchema[] = [],
): (query: Record<string, unknown>) => void {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, coerceTypes: true }));
  // parameter schemas may $ref ours (e.g. issuance-job-options.json#/properties/…)
  for (const schema of schemas) ajv.addSchema(schema);
  const validate = ajv.compile({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    additionalProperties: false,
  });
  return (query) => {
    const copy = { ...query };
    const repeated = Object.keys(copy).find((name) => Array.isArray(copy[name]));
    if (repeated) throw invalidQuery([{ pointer: `/${repeated}`, detail: 'is given more than once' }]);
    if (!validate(copy)) throw invalidQuery(toFieldErrors(validate.errors));
  };
}

const invalidQuery = (errors: FieldError[]) =>
  new AppError(
    'invalid-request',
    'The query string is invalid',
    errors.map(({ pointer, detail }) => ({
      pointer: `/query${pointer}`,
      detail: detail === 'is not a known field' ? 'is not a known query parameter' : detail,
    })),
  );

/** The members of a `oneOf` whose branches each only require one member, or undefined. */
function exclusiveMembers(schema: unknown): string[] | undefined {
  const branches = (schema as { oneOf?: Array<Record<string, unknown>> } | undefined)?.oneOf;
  if (!branches?.every((b) => Object.keys(b).join() === 'required')) return undefined;
  return branches.flatMap((b) => b.required as string[]);
}

export interface Validator {
  /** Throws a 400 invalid-request problem listing every violation; returns the value typed. */
  check<T>(schemaId: string, value: unknown, what?: string): T;
  schemas(): JsonSchema[];
}

export function createValidator(schemas: JsonSchema[]): Validator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    useDefaults: false,
    allowUnionTypes: true,
    verbose: true,
    // `oneOf: [{ required: [a] }, { required: [b] }]` names members declared beside it
    strictRequired: false,
  });
  addFormats(ajv);
  ajv.addKeyword('example');
  for (const schema of schemas) ajv.addSchema(schema);
  const compiled = new Map<string, ValidateFunction>();
  const get = (id: string): ValidateFunction => {
    let fn = compiled.get(id);
    if (!fn) {
      fn = ajv.getSchema(id);
      if (!fn) throw new Error(`unknown schema ${id}`);
      compiled.set(id, fn);
    }
    return fn;
  };
  for (const schema of schemas) get(schema.$id);
  return {
    check<T>(schemaId: string, value: unknown, what = 'The request body'): T {
      const validate = get(schemaId);
      if (!validate(value))
        throw new AppError('invalid-request', `${what} is invalid`, toFieldErrors(validate.errors));
      return value as T;
    },
    schemas: () => schemas,
  };
}
