import { checkSafeExpansion } from '../../jsonld/safe-expand.js';
import type { Check } from '../types.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * The `json-ld` check: JSON-LD 1.1 safe-mode expansion with the closed loader, as 1EdTech
 * certification runs it (VC Data Integrity §4.6 "Context Validation"; DESIGN §1: certification expands in safe
 * mode). Unknown contexts are never fetched; undefined terms fail.
 */
export async function checkJsonLd({ credential, deps }: CheckContext): Promise<Check> {
  const issues = await checkSafeExpansion(credential, deps.documentLoader);
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
