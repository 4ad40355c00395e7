import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type FieldError } from '../errors.js';

// ajv-formats ships CommonJS with a default export property
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default: { default?: AddFormats } & AddFormats })
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
    if (e.keyword === 'required') {
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

export interface Validator {
  /** Throws a 400 invalid-request problem listing every violation; returns the value typed. */
  check<T>(schemaId: string, value: unknown, what?: string): T;
  schemas(): JsonSchema[];
}

export function createValidator(schemas: JsonSchema[]): Validator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, useDefaults: false, allowUnionTypes: true });
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
