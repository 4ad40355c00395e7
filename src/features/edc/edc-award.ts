import { notFound } from '../../errors.js';
import type { EdcAward, EdcRecords, StoredCredential } from './edc.service.js';

/**
 * The achievement version the OB 3.0 credential was issued from (`credentialSubject.achievement.version`;
 * "1.0" in credentials issued before versioning, which the migration made version 1).
 */
function versionOf(credential: Record<string, unknown>): number | undefined {
  const subject = credential.credentialSubject as { achievement?: { version?: unknown } } | undefined;
  const version = Number.parseInt(String(subject?.achievement?.version), 10);
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/** The learner's result as the OB 3.0 credential states it (credentialSubject.result[0].value). */
function resultOf(credential: Record<string, unknown>): { value: string } | undefined {
  const subject = credential.credentialSubject as { result?: Array<{ value?: unknown }> } | undefined;
  const value = subject?.result?.[0]?.value;
  return typeof value === 'string' ? { value } : undefined;
}

/** The stored credential's award, read back from its records. */
export async function awardOf(records: EdcRecords, doc: StoredCredential): Promise<EdcAward> {
  const none = () =>
    notFound('European Digital Credential (the credential was not issued from Tilts records)');
  if (!doc.achievementId || !doc.learnerId || !doc.awardedDate || !doc.language) throw none();
  const [issuer, achievement, learner] = await Promise.all([
    records.issuer(doc.issuerId),
    // an EDC made after the achievement changed still states what the credential states
    records.achievement(doc.issuerId, doc.achievementId, versionOf(doc.credential)),
    records.learner(doc.issuerId, doc.learnerId),
  ]);
  if (!issuer || !achievement || !learner) throw none();
  return {
    credentialId: doc._id,
    issuer,
    achievement,
    learner,
    language: doc.language,
    awardedDate: new Date(doc.awardedDate),
    validUntil: doc.validUntil ? new Date(doc.validUntil) : undefined,
    result: resultOf(doc.credential),
  };
}
