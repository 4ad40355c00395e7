import { checkSafeExpansion, expandSafely, type JsonLdIssue } from '../../jsonld/safe-expand.js';
import type { Check, VerifyDeps } from '../types.js';
import { asArray, type JsonRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * A secured credential expands as two documents: the credential without `proof` — the very document
 * its Data Integrity proofs sign (VC Data Integrity 1.0 §4.3 "Verify Proof": the unsecured document)
 * — and its `@context`, `type` and `proof`. Each key is expanded under the same active context as in
 * the whole credential (the contexts are URLs, `type` brings the same type-scoped contexts), so the
 * issues are those of the whole; the first expansion is left in `deps.expansions` for canonicalization.
 */
async function expandSecured(credential: JsonRecord, deps: VerifyDeps): Promise<JsonLdIssue[]> {
  const contexts = asArray(credential['@context']);
  const splittable =
    deps.expansions !== undefined &&
    credential.proof !== undefined &&
    contexts.every((c) => typeof c === 'string') &&
    Object.keys(credential).every((k) => k === '@context' || !k.startsWith('@'));
  if (!splittable) return checkSafeExpansion(credential, deps.documentLoader, deps.shapes);
  const { proof, ...unsecured } = credential;
  const proofPart = {
    '@context': credential['@context'],
    ...('type' in credential ? { type: credential.type } : {}),
    proof,
  };
  const [body, proofs] = await Promise.all([
    expandSafely(unsecured, deps.documentLoader, deps.shapes),
    expandSafely(proofPart, deps.documentLoader, deps.shapes),
  ]);
  if (body.expanded !== undefined && proofs.issues.length === 0)
    deps.expansions?.remember(unsecured, body.expanded);
  const seen = new Set<string>();
  return [...body.issues, ...proofs.issues].filter((i) => {
    const key = JSON.stringify(i);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/**
 * The `json-ld` check: JSON-LD 1.1 safe-mode expansion with the closed loader, as 1EdTech
 * certification runs it (VC Data Integrity §4.6 "Context Validation"; DESIGN §1: certification expands in safe
 * mode). Unknown contexts are never fetched; undefined terms fail.
 */
export async function checkJsonLd({ credential, deps }: CheckContext): Promise<Check> {
  const issues = await expandSecured(credential, deps);
  if (issues.length === 0) return pass('json-ld', 'every term expands in safe mode');
  const detail = issues
    .slice(0, 5)
    .map((i) => (i.pointer ? `${i.pointer}: ${i.detail}` : i.detail))
    .join('; ');
  if (issues.some((i) => i.code === 'loading document failed'))
    return fail('json-ld', 'jsonld-context-unknown', detail);
  if (issues.some((i) => /property|type/.test(i.code)))
    return fail('json-ld', 'jsonld-undefined-term', detail);
  return fail('json-ld', 'jsonld-invalid', detail);
}
