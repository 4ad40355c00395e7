import type { VerifyDeps } from './types.js';
import { verifyCredential } from './verify-credential.js';

/**
 * The `verifyListCredential` hook of {@link createBitstringStatusChecker}: a status list credential is
 * verified like any other credential — proof by a key its issuer's controller document lists — as the
 * Bitstring Status List v1.0 "Validate Algorithm" asks ("ensure that all proofs verify"). The list's
 * own status is not consulted.
 */
export function createStatusListVerifier(
  deps: VerifyDeps,
): (credential: Record<string, unknown>) => Promise<{ verified: boolean; detail?: string }> {
  const { checkStatus: _notForLists, ...listDeps } = deps;
  return async (credential) => {
    const report = await verifyCredential(credential, listDeps);
    const failing = report.checks
      .filter((c) => !c.valid)
      .map((c) => `${c.id}${c.code ? ` (${c.code})` : ''}`)
      .join(', ');
    return report.verified ? { verified: true } : { verified: false, detail: failing };
  };
}
