import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsPlugin from 'ajv-formats';
import type { DocumentLoader } from 'jsonld';
import type { ExpansionMemo } from '../jsonld/reused-expansion.js';
import { expandSafely } from '../jsonld/safe-expand.js';
import type { ShapeCache } from '../jsonld/shapes.js';
import { checkEuCredentialElements } from './eu-rules.js';
import { issue, type ValidationIssue } from './issues.js';

export type { ValidationIssue } from './issues.js';

type FormatsPlugin = (ajv: Ajv2019) => Ajv2019;
// ajv-formats is CommonJS: under NodeNext its default import may be the module object holding `default`.
const formatsModule = addFormatsPlugin as unknown as FormatsPlugin | { default: FormatsPlugin };
const addFormats: FormatsPlugin = typeof formatsModule === 'function' ? formatsModule : formatsModule.default;

export interface ValidateOptions {
  /** the official purl OB 3.0 AchievementCredential JSON schema (draft 2019-09), read by the composition root */
  schema: object;
  /** the closed offline loader (contexts only is enough) */
  documentLoader: DocumentLoader;
  /** run the EU micro-credential rules (default true); false for OB credentials that are not micro-credentials */
  euRules?: boolean;
  /** where the expansion of a valid credential is left for signing it (see ExpansionMemo) */
  expansions?: ExpansionMemo;
  /** expansion templates by skeleton, for `documentLoader` (core/jsonld/shapes.ts) */
  shapes?: ShapeCache;
}

/** Compiled validators per schema object: compiling the 110 kB purl schema takes tens of milliseconds. */
const compiledSchemas = new WeakMap<object, ValidateFunction>();

function compiled(schema: object): ValidateFunction {
  let validate = compiledSchemas.get(schema);
  if (!validate) {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiledSchemas.set(schema, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  const params = Object.entries(error.params ?? {})
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return `${error.message ?? 'is invalid'}${params ? ` (${params})` : ''} [schema ${error.schemaPath}]`;
}

/** JSON-schema errors, one per distinct pointer and message (ajv repeats them across oneOf branches). */
export function checkJsonSchema(credential: unknown, schema: object): ValidationIssue[] {
  const validate = compiled(schema);
  if (validate(credential)) return [];
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const error of validate.errors ?? []) {
    const key = `${error.instancePath}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue(error.instancePath, 'json-schema', describe(error)));
  }
  return out;
}

/** Safe-mode JSON-LD expansion issues as validation issues (OB 3.0 certification expands in safe mode). */
async function checkJsonLd(
  credential: unknown,
  documentLoader: DocumentLoader,
  shapes?: ShapeCache,
): Promise<{ issues: ValidationIssue[]; expanded?: unknown }> {
  const { issues, expanded } = await expandSafely(credential, documentLoader, shapes);
  return {
    issues: issues.map((i) =>
      issue(
        i.pointer,
        i.code === 'loading document failed' ? 'jsonld-context' : 'jsonld-safe-mode',
        `${i.detail} (${i.code})`,
      ),
    ),
    expanded,
  };
}

/**
 * Validates an OpenBadgeCredential (signed or not): the official purl JSON schema (OB 3.0 §C.1
 * "AchievementCredential"), JSON-LD safe-mode expansion with the closed loader, and the EU
 * micro-credential mandatory elements (EU Council Recommendation 2022, Annex I; DESIGN §3).
 * Returns every issue found; an empty list means valid. The expansion of a valid credential is left
 * in `expansions`, when given, for the canonicalization that signs it (see createEddsaRdfc2022Cryptosuite).
 */
export async function validateOpenBadgeCredential(
  credential: unknown,
  { schema, documentLoader, euRules = true, expansions, shapes }: ValidateOptions,
): Promise<ValidationIssue[]> {
  const schemaIssues = checkJsonSchema(credential, schema);
  const jsonLd = await checkJsonLd(credential, documentLoader, shapes);
  const euIssues = euRules ? checkEuCredentialElements(credential) : [];
  const all = [...schemaIssues, ...jsonLd.issues, ...euIssues];
  if (all.length === 0 && expansions) expansions.remember(credential, jsonLd.expanded);
  return all;
}

/** A validator bound to one schema and loader (compiles the schema now, not on first use). */
export function createOpenBadgeValidator(
  options: ValidateOptions,
): (credential: unknown) => Promise<ValidationIssue[]> {
  compiled(options.schema);
  return (credential) => validateOpenBadgeCredential(credential, options);
}
