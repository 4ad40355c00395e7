import { CONTEXTS } from '../../jsonld/contexts.js';
import type { Check } from '../types.js';
import { asArray, isBadge, isObCredential, isRecord, typesOf, type JsonRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

/** VC 2.0's catch-all context: terms under it expand, but to nothing any vocabulary defines. */
const UNDEFINED_TERMS = 'https://www.w3.org/ns/credentials/undefined-terms/v2';
const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d+\.\d+)?\.json$/;

/**
 * The `context` check (VC 2.0 §4.3 "Contexts": the base context comes first; OB 3.0 "Context": the
 * OB context follows it for OB credential types; VC 1.1 credentials keep their 2018 base context).
 */
export function checkContext({ credential, warnings }: CheckContext): Check {
  const contexts = asArray(credential['@context']);
  if (contexts.length === 0) return fail('context', 'context-missing', 'the credential has no @context');
  const base = contexts[0];
  if (base !== CONTEXTS.VC_V2 && base !== CONTEXTS.VC_V1) {
    return fail(
      'context',
      'context-base-not-first',
      `the first @context must be ${CONTEXTS.VC_V2} (or VC 1.1's)`,
    );
  }
  if (contexts.includes(UNDEFINED_TERMS)) {
    warnings.push(
      `${UNDEFINED_TERMS} maps every undefined term; 1EdTech certification would refuse such terms`,
    );
  }
  if (isObCredential(credential)) {
    const ob = contexts.findIndex((c) => typeof c === 'string' && OB_CONTEXT.test(c));
    if (ob === -1)
      return fail('context', 'context-ob-missing', 'an Open Badges credential needs the OB 3.0 @context');
    if (ob !== 1) warnings.push('the OB 3.0 @context should directly follow the base context');
  }
  return pass('context', `base context ${String(base)}`);
}

/** The `type` check (VC 2.0 §4.5 "Types": a credential's types include VerifiableCredential). */
export function checkType({ credential }: CheckContext): Check {
  const types = typesOf(credential);
  if (!types.includes('VerifiableCredential')) {
    return fail(
      'type',
      'type-invalid',
      `type must include VerifiableCredential; it is ${JSON.stringify(credential.type)}`,
    );
  }
  return pass('type', types.join(', '));
}

function identified(subject: JsonRecord): boolean {
  return typeof subject.id === 'string' || asArray(subject.identifier).some(isRecord);
}

/**
 * The `subject` check (VC 2.0 §4.8 "Credential Subject"; OB 3.0 "OpenBadgeCredential Verification"
 * step 1: the subject is identified by an `id` and/or an `identifier`).
 */
export function checkSubject({ credential }: CheckContext): Check {
  const subjects = asArray(credential.credentialSubject);
  if (subjects.length === 0 || !subjects.every(isRecord)) {
    return fail('subject', 'subject-missing', 'credentialSubject must be one or more objects');
  }
  if (isBadge(credential) && !subjects.every(identified)) {
    return fail('subject', 'subject-unidentified', 'the credentialSubject has neither id nor identifier');
  }
  return pass('subject', `${subjects.length} subject${subjects.length > 1 ? 's' : ''}`);
}
