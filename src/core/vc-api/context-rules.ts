/**
 * `@context` rules of an issue request: VC 2.0 §4.3 Contexts and VC 1.1 §4.1 Contexts, checked against
 * the closed offline loader (a context the service does not hold can never be loaded, so it fails).
 */
import type { DocumentLoader } from 'jsonld';
import { CONTEXTS } from '../jsonld/contexts.js';
import type { JsonObject, JsonValue } from '../types.js';
import type { IssueRequestIssue } from './issue-errors.js';
import { isJsonObject, isUrl, issueAt, pointerTo } from './values.js';

/** Which data model a credential uses, read from its first `@context` entry. */
export type VcVersion = '2.0' | '1.1';

/** Superseded by data-integrity/v2, with which this issuer signs; both cannot be active at once. */
const DATA_INTEGRITY_V1 = 'https://w3id.org/security/data-integrity/v1';

export function credentialVersion(credential: JsonObject): VcVersion | undefined {
  const context = credential['@context'];
  const first = Array.isArray(context) ? context[0] : undefined;
  if (first === CONTEXTS.VC_V2) return '2.0';
  if (first === CONTEXTS.VC_V1) return '1.1';
  return undefined;
}

function checkFirstEntry(first: JsonValue | undefined, pointer: string): IssueRequestIssue[] {
  if (first === CONTEXTS.VC_V2 || first === CONTEXTS.VC_V1) return [];
  return [
    issueAt(
      pointer,
      'invalid-context',
      `the first @context entry must be "${CONTEXTS.VC_V2}" (VC 2.0) or "${CONTEXTS.VC_V1}" (VC 1.1)`,
    ),
  ];
}

function checkLaterEntry(entry: JsonValue, pointer: string): IssueRequestIssue[] {
  if (typeof entry === 'string' && !isUrl(entry)) {
    return [issueAt(pointer, 'invalid-context', `@context entry "${entry}" is not a URL`)];
  }
  if (typeof entry !== 'string' && !isJsonObject(entry)) {
    return [issueAt(pointer, 'invalid-context', '@context entries must be URL strings or context objects')];
  }
  if (entry === CONTEXTS.VC_V2 || entry === CONTEXTS.VC_V1) {
    return [issueAt(pointer, 'invalid-context', `"${entry}" may only appear as the first @context entry`)];
  }
  if (entry === DATA_INTEGRITY_V1) {
    const detail = `proofs are made with "${CONTEXTS.DATA_INTEGRITY_V2}"; the legacy v1 context conflicts with it`;
    return [issueAt(pointer, 'invalid-context', detail)];
  }
  return [];
}

/**
 * VC 2.0 §4.3: "The value of the @context property MUST be an ordered set where the first item is a
 * URL with the value https://www.w3.org/ns/credentials/v2. Subsequent items … MUST be composed of any
 * combination of URLs and/or objects". An ordered set is a JSON array here (as the VC-API Credential
 * schema and the VC 2.0 test suite require); a bare string is refused.
 */
export function checkContextShape(credential: JsonObject, base: string): IssueRequestIssue[] {
  const pointer = pointerTo(base, '@context');
  if (credential['@context'] === undefined) {
    return [issueAt(pointer, 'missing-context', 'a credential must have an @context property')];
  }
  const context = credential['@context'];
  if (!Array.isArray(context) || context.length === 0) {
    return [issueAt(pointer, 'invalid-context', '@context must be a non-empty array (an ordered set)')];
  }
  return [
    ...checkFirstEntry(context[0], pointerTo(pointer, 0)),
    ...context.flatMap((entry, i) => (i === 0 ? [] : checkLaterEntry(entry, pointerTo(pointer, i)))),
  ];
}

/**
 * Every URL in `@context` must be one this service holds: contexts are never fetched, so an unknown
 * one could not be processed "as a JSON-LD Context" (VC 2.0 §4.3) and the credential cannot be signed.
 */
export async function checkContextsLoadable(
  credential: JsonObject,
  base: string,
  documentLoader: DocumentLoader,
): Promise<IssueRequestIssue[]> {
  const context = credential['@context'];
  if (!Array.isArray(context)) return [];
  const issues: IssueRequestIssue[] = [];
  for (const [i, entry] of context.entries()) {
    if (typeof entry !== 'string') continue;
    try {
      await documentLoader(entry);
    } catch {
      const detail = `context "${entry}" is not known to this service (contexts are never fetched)`;
      issues.push(issueAt(pointerTo(pointerTo(base, '@context'), i), 'unknown-context', detail));
    }
  }
  return issues;
}

/**
 * The `@context` the credential is signed with. A VC 2.0 credential keeps its own (the v2 context
 * defines DataIntegrityProof); a VC 1.1 credential gets the Data Integrity v2 context appended when
 * absent, because the v1 context does not define the proof terms (VC Data Integrity §2.4 Contexts and
 * Vocabularies; it is also what @digitalbazaar/data-integrity would add).
 */
export function contextAsSigned(credential: JsonObject): JsonValue {
  const context = credential['@context'];
  if (credentialVersion(credential) !== '1.1' || !Array.isArray(context)) return context ?? null;
  return context.includes(CONTEXTS.DATA_INTEGRITY_V2) ? context : [...context, CONTEXTS.DATA_INTEGRITY_V2];
}
