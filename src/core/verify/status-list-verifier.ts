import type { StatusCheckResult } from '../status/check-status.js';
import type { VerifyDeps } from './types.js';
import { verifyCredential } from './verify-credential.js';

interface ListVerification {
  verified: boolean;
  detail?: string;
  code?: StatusCheckResult['code'];
}

/**
 * The `verifyListCredential` hook of {@link createBitstringStatusChecker}: a status list credential is
 * verified like any other credential — proof by a key its issuer's controller document lists — as the
 * Bitstring Status List v1.0 "Validate Algorithm" asks ("ensure that all proofs verify"). The list's
 * own status is not consulted, nor are endorsements it may carry.
 */
export function createStatusListVerifier(
  deps: VerifyDeps,
): (credential: Record<string, unknown>) => Promise<ListVerification> {
  const { checkStatus: _notForLists, ...listDeps } = deps;
  return async (credential) => {
    const report = await verifyCredential(credential, listDeps, { endorsements: false });
    if (report.verified) return { verified: true };
    const failing = report.checks.filter((c) => !c.valid);
    const detail = failing.map((c) => `${c.id}${c.code ? ` (${c.code})` : ''}`).join(', ');
    const spent = failing.some((c) => c.code === 'remote-fetch-budget-exhausted');
    return { verified: false, detail, ...(spent ? { code: 'remote-fetch-budget-exhausted' } : {}) };
  };
}
