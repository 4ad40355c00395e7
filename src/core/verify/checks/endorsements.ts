import type { Check, VerificationReport } from '../types.js';
import { asArray, idOf, isRecord, type JsonRecord } from '../util.js';
import { pass, type CheckContext } from './check-context.js';

/** Verifies one embedded endorsement (object or compact JWT) with the same deps, one level deeper. */
export type VerifyEndorsement = (endorsement: unknown) => Promise<VerificationReport>;

/** Endorsements verified per credential; any beyond are reported, not verified. */
const MAX_ENDORSEMENTS = 8;

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
  if (endorsements.length > MAX_ENDORSEMENTS) {
    context.warnings.push(
      `only the first ${MAX_ENDORSEMENTS} of ${endorsements.length} endorsements were verified`,
    );
  }
  const checked = endorsements.slice(0, MAX_ENDORSEMENTS);
  const reports = await Promise.all(checked.map((e) => verify(e)));
  let verified = 0;
  reports.forEach((report, i) => {
    if (report.verified) {
      verified += 1;
      return;
    }
    const id = idOf(report.credential) ?? idOf(checked[i]) ?? `#${i + 1}`;
    context.warnings.push(`endorsement ${id} does not verify: ${failures(report)}`);
  });
  return pass('endorsements', `${verified} of ${checked.length} endorsements verify`);
}
