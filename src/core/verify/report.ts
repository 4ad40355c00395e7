import { missingEuElements } from './checks/eu-elements.js';
import { achievementFacts } from './facts.js';
import type { ParsedJwt } from './parse.js';
import type {
  Check,
  CredentialFormat,
  CredentialStatusSummary,
  VerificationReport,
  VerificationSummary,
} from './types.js';
import { asArray, idOf, isBadge, isRecord, isVc1, textOf, type JsonRecord } from './util.js';

export function formatOf(credential: JsonRecord | undefined, jwt: ParsedJwt | undefined): CredentialFormat {
  const badge = credential !== undefined && isBadge(credential);
  if (jwt) return badge ? 'ob3-jwt' : 'vc-jwt';
  if (credential && asArray(credential.proof).length > 0) return badge ? 'ob3-di' : 'vc-di';
  return 'vc';
}

/** The learner's name: the subject's `name`, else an unhashed IdentityObject of type "name" (OB 3.0). */
export function learnerName(subject: JsonRecord | undefined): string | undefined {
  const named = textOf(subject?.name);
  if (named) return named;
  const identity = asArray(subject?.identifier)
    .filter(isRecord)
    .find((i) => i.identityType === 'name' && i.hashed === false);
  return typeof identity?.identityHash === 'string' ? identity.identityHash : undefined;
}

function definedOnly(summary: VerificationSummary): VerificationSummary {
  return Object.fromEntries(
    Object.entries(summary).filter(([, v]) => v !== undefined),
  ) as VerificationSummary;
}

/**
 * What the verify page shows at a glance, read from the credential (trusted only as far as `verified`
 * says): who issued what to whom, for how long, and what was certified (EQF/NQF level, workload, learning
 * outcomes with ESCO skills, assessment, participation, quality assurance, stackability).
 */
export function summarize(
  credential: JsonRecord | undefined,
  jwt: ParsedJwt | undefined,
  status: CredentialStatusSummary | undefined,
): VerificationSummary {
  const format = formatOf(credential, jwt);
  if (!credential) return { format };
  const issuer = asArray(credential.issuer)[0];
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const achievement = isRecord(subject?.achievement) ? subject.achievement : undefined;
  const facts = isBadge(credential) ? achievementFacts(subject) : undefined;
  const v1 = isVc1(credential);
  return definedOnly({
    issuerId: idOf(issuer),
    issuerName: isRecord(issuer) ? textOf(issuer.name) : undefined,
    learnerName: learnerName(subject),
    achievementName: textOf(achievement?.name) ?? textOf(credential.name),
    validFrom: textOf(v1 ? credential.issuanceDate : credential.validFrom),
    validUntil: textOf(v1 ? credential.expirationDate : credential.validUntil),
    status,
    format,
    achievement: facts && { ...facts, missingEuElements: missingEuElements(credential, facts) },
  });
}

export function buildReport(
  checks: Check[],
  warnings: string[],
  summary: VerificationSummary,
  credential?: JsonRecord,
): VerificationReport {
  const verified = checks.length > 0 && checks.every((c) => c.valid || c.severity === 'warning');
  return { verified, checks, warnings, summary, ...(credential ? { credential } : {}) };
}
