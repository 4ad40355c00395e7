import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsPlugin from 'ajv-formats';
import { isRecord, type JsonRecord } from './util.js';

/** JSON Schemas the verifier holds, by `$id`; compiled on first use and kept by whoever holds the set. */
export interface JsonSchemaSet {
  has(id: string): boolean;
  /** the problems found, as "pointer message" lines; empty when the document conforms */
  validate(id: string, document: unknown): string[];
}

const MAX_REPORTED_ERRORS = 10;

type FormatsPlugin = (ajv: Ajv2019) => Ajv2019;
// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin.
const formatsModule = addFormatsPlugin as unknown as FormatsPlugin | { default: FormatsPlugin };
const addFormats: FormatsPlugin = typeof formatsModule === 'function' ? formatsModule : formatsModule.default;

/**
 * A JSON Schema set (draft 2019-09, as the OB 3.0 purl schemas declare) for the `schema` check
 * (OB 3.0 "OpenBadgeCredential Verification" step 1; VC 2.0 §4.11 "Data Schemas").
 */
export function createJsonSchemaSet(schemas: Iterable<JsonRecord>): JsonSchemaSet {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const ids = new Set<string>();
  for (const schema of schemas) {
    if (!isRecord(schema) || typeof schema.$id !== 'string') throw new TypeError('every schema needs an $id');
    ajv.addSchema(schema);
    ids.add(schema.$id);
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (id: string): ValidateFunction => {
    let validate = compiled.get(id);
    if (!validate) {
      validate = ajv.getSchema(id) as ValidateFunction;
      compiled.set(id, validate);
    }
    return validate;
  };
  return {
    has: (id) => ids.has(id),
    validate(id, document) {
      const validate = validatorFor(id);
      if (validate(document)) return [];
      return (validate.errors ?? [])
        .slice(0, MAX_REPORTED_ERRORS)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    },
  };
}
