import type { Check, VerificationReport } from '../types.js';
import { asArray, idOf, isRecord, type JsonRecord } from '../util.js';
import { pass, type CheckContext } from './check-context.js';

/** Verifies one embedded endorsement (object or compact JWT) with the same deps, one level deeper. */
export type VerifyEndorsement = (endorsement: unknown) => Promise<VerificationReport>;

/** Where OB 3.0 lets EndorsementCredentials sit: the credential, its achievement, and their profiles. */
function endorsementsOf(credential: JsonRecord): unknown[] {
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const achievement = isRecord(subject?.achievement) ? subject.achievement : undefined;
  const holders = [credential, achievement, achievement?.creator, credential.issuer].filter(isRecord);
  return holders.flatMap((h) => [...asArray(h.endorsement), ...asArray(h.endorsementJwt)]);
}

function failures(report: VerificationReport): string {
  return report.checks
    .filter((c) => !c.valid)
    .map((c) => `${c.id}${c.code ? ` (${c.code})` : ''}`)
    .join(', ');
}

/**
 * The `endorsements` check (OB 3.0 "OpenBadgeCredential Verification" step 6, "EndorsementCredential
 * Verification"): every embedded endorsement is verified; one that fails is a warning about the
 * endorsement, not a failure of the credential.
 */
export async function checkEndorsements(context: CheckContext, verify?: VerifyEndorsement): Promise<Check> {
  const endorsements = endorsementsOf(context.credential);
  if (endorsements.length === 0) return pass('endorsements', 'no endorsements');
  if (!verify) {
    context.warnings.push(`${endorsements.length} nested endorsement(s) were not verified (nesting limit)`);
    return pass('endorsements', 'nested endorsements are not followed');
  }
  const reports = await Promise.all(endorsements.map((e) => verify(e)));
  let verified = 0;
  reports.forEach((report, i) => {
    if (report.verified) {
      verified += 1;
      return;
    }
    const id = idOf(report.credential) ?? idOf(endorsements[i]) ?? `#${i + 1}`;
    context.warnings.push(`endorsement ${id} does not verify: ${failures(report)}`);
  });
  return pass('endorsements', `${verified} of ${endorsements.length} endorsements verify`);
}
