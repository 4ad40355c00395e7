import type { StatusCheckResult } from '../../status/check-status.js';
import type { Check, CredentialStatusSummary } from '../types.js';
import { asArray, errorMessage, idOf, isRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * Status entries checked per credential: each may cost a list fetch and a list verification. Issuers
 * give one per purpose (OB 3.0 allows one; Tilts' VC-API credentials carry revocation and suspension).
 */
export const MAX_STATUS_ENTRIES = 4;

export interface StatusOutcome {
  check: Check;
  status: CredentialStatusSummary;
}

async function statusOf(entry: unknown, context: CheckContext): Promise<StatusCheckResult> {
  if (!isRecord(entry)) return { status: 'unknown', detail: 'a credentialStatus entry is not an object' };
  if (!context.deps.checkStatus)
    return { status: 'unknown', detail: 'this verifier cannot check credential status' };
  try {
    return await context.deps.checkStatus(entry, { issuer: idOf(asArray(context.credential.issuer)[0]) });
  } catch (error) {
    return { status: 'unknown', detail: errorMessage(error) };
  }
}

/**
 * The `status` check (VC 2.0 §4.10 "Status"; Bitstring Status List v1.0; OB 3.0 "OpenBadgeCredential
 * Verification" step 4): revocation and suspension through the injected checker. A list that cannot be
 * read is never "not revoked": the check fails with `status-unavailable`.
 */
export async function checkStatus(context: CheckContext): Promise<StatusOutcome> {
  const entries = asArray(context.credential.credentialStatus);
  if (entries.length === 0)
    return { check: pass('status', 'the credential has no credentialStatus'), status: 'active' };
  if (entries.length > MAX_STATUS_ENTRIES) {
    const detail = `${entries.length} credentialStatus entries; a verifier checks at most ${MAX_STATUS_ENTRIES}, so none was checked`;
    return { check: fail('status', 'too-many-status-entries', detail), status: 'unknown' };
  }
  const results = await Promise.all(entries.map((entry) => statusOf(entry, context)));
  for (const warning of new Set(results.map((r) => r.warning))) if (warning) context.warnings.push(warning);
  const detail = results.map((r) => r.detail).join('; ');
  if (results.some((r) => r.status === 'revoked')) {
    return { check: fail('status', 'revoked', detail), status: 'revoked' };
  }
  if (results.some((r) => r.status === 'suspended')) {
    return { check: fail('status', 'suspended', detail), status: 'suspended' };
  }
  if (results.some((r) => r.code === 'remote-fetch-budget-exhausted')) {
    return { check: fail('status', 'remote-fetch-budget-exhausted', detail), status: 'unknown' };
  }
  if (results.some((r) => r.status !== 'ok')) {
    return { check: fail('status', 'status-unavailable', detail), status: 'unknown' };
  }
  return { check: pass('status', detail), status: 'active' };
}
