import { verifyDataIntegrity } from '../proof-di.js';
import { verifyJwtProof } from '../proof-jwt.js';
import type { Check } from '../types.js';
import { asArray, idOf } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * The `proof` check (OB 3.0 "OpenBadgeCredential Verification" step 2): the VC-JWT signature, or
 * the embedded Data Integrity proofs — any one of which may verify the credential.
 */
export async function checkProof(context: CheckContext): Promise<Check> {
  const { credential, jwt, deps, now } = context;
  const issuerId = idOf(asArray(credential.issuer)[0]);
  if (!issuerId)
    return fail('proof', 'issuer-key-unresolvable', 'without an issuer id no key can be trusted');
  const controller = () => context.controller(issuerId);
  if (jwt) {
    const outcome = await verifyJwtProof({ jwt, credential, controller, now });
    if (!outcome.verified) return fail('proof', outcome.code ?? 'signature-invalid', outcome.detail);
    if (asArray(credential.proof).length > 0) {
      context.warnings.push(
        'the JWT proof was accepted; the embedded proofs it also carries were not checked',
      );
    }
    return pass('proof', outcome.detail);
  }
  const outcome = await verifyDataIntegrity({
    document: credential,
    controllerFor: controller,
    relationship: 'assertionMethod',
    documentLoader: deps.documentLoader,
    now,
  });
  if (!outcome.verified) return fail('proof', outcome.code ?? 'signature-invalid', outcome.detail);
  return pass('proof', outcome.detail);
}
