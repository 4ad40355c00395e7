import { verifyDataIntegrity } from '../proof-di.js';
import { verifyJwtProof } from '../proof-jwt.js';
import type { Check } from '../types.js';
import { describesMethod, type ResolvedController } from '../controller.js';
import { asArray, idOf, isRecord, withoutFragment, type JsonRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * Whose keys a proof is checked against (VC Data Integrity "Verify Proof Sets and Chains"): the
 * issuer's when its document lists the method; a proof that another proof chains to, by its own
 * method's controller (another party may have signed first); any other proof, the issuer's — so a
 * stray key is a controller mismatch, and nothing is resolved for it.
 */
function proofController(context: CheckContext, issuerId: string) {
  const proofs = asArray(context.credential.proof).filter(isRecord);
  const chained = new Set(proofs.flatMap((p) => asArray(p.previousProof)));
  return async (proof: JsonRecord): Promise<ResolvedController> => {
    const issuer = await context.controller(issuerId);
    const vmId = idOf(proof.verificationMethod) ?? '';
    const own = withoutFragment(vmId);
    if (!chained.has(proof.id) || own === issuerId || ('document' in issuer && describesMethod(issuer, vmId)))
      return issuer;
    return context.controller(own);
  };
}

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
    controllerFor: proofController(context, issuerId),
    relationship: 'assertionMethod',
    documentLoader: deps.documentLoader,
    cryptosuite: deps.cryptosuite,
    now,
    requiredController: issuerId,
  });
  if (!outcome.verified) return fail('proof', outcome.code ?? 'signature-invalid', outcome.detail);
  return pass('proof', outcome.detail);
}
