import type { AchievementFacts } from '../facts.js';
import type { Check } from '../types.js';
import { asArray, isBadge, isRecord, textOf, type JsonRecord } from '../util.js';
import type { CheckContext } from './check-context.js';

/**
 * The mandatory elements of the EU Council Recommendation on micro-credentials (2022/C 243/02),
 * Annex I, with the words a verifier shows for each.
 */
export const EU_ELEMENTS = {
  learner: 'identification of the learner',
  title: 'title',
  'issuer-country': 'country of the issuer',
  'awarding-body': 'awarding body',
  'date-of-issuing': 'date of issuing',
  'learning-outcomes': 'learning outcomes',
  workload: 'notional workload',
  level: 'level (EQF or national framework)',
  assessment: 'type of assessment',
  participation: 'form of participation',
  'quality-assurance': 'type of quality assurance',
} as const;

export type EuElement = keyof typeof EU_ELEMENTS;

const present = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** Which credential-level elements (learner, issuer, date) a credential carries. */
function credentialHas(credential: JsonRecord, subject: JsonRecord | undefined): Record<string, boolean> {
  const issuer = asArray(credential.issuer)[0];
  const address = isRecord(issuer) && isRecord(issuer.address) ? issuer.address : {};
  const source = isRecord(subject?.source) ? subject.source : undefined;
  return {
    learner: present(subject?.id) || asArray(subject?.identifier).length > 0,
    'issuer-country': present(address.addressCountryCode) || present(address.addressCountry),
    'awarding-body': present(textOf(isRecord(issuer) ? issuer.name : undefined)) || present(source?.name),
    'date-of-issuing': [credential.validFrom, credential.issuanceDate, credential.awardedDate].some(present),
  };
}

/**
 * The Annex I elements a credential does not carry, as far as its own content shows: concepts of the
 * EU vocabularies (EQF, NQF, assessment, modes of learning, accreditation types), learning outcomes
 * listed or aligned to ESCO skills, and a workload in hours or credits.
 */
export function missingEuElements(credential: JsonRecord, facts: AchievementFacts | undefined): EuElement[] {
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const has: Record<EuElement, boolean> = {
    ...(credentialHas(credential, subject) as Record<
      'learner' | 'issuer-country' | 'awarding-body' | 'date-of-issuing',
      boolean
    >),
    title: present(facts?.name),
    'learning-outcomes': (facts?.learningOutcomes.length ?? 0) + (facts?.skills.length ?? 0) > 0,
    workload: facts?.workload !== undefined,
    level: facts?.eqfLevel !== undefined || facts?.nqfLevel !== undefined,
    assessment: (facts?.assessment.length ?? 0) > 0,
    participation: facts?.participation !== undefined,
    'quality-assurance': facts?.qualityAssurance?.type !== undefined,
  };
  return (Object.keys(EU_ELEMENTS) as EuElement[]).filter((element) => !has[element]);
}

/**
 * The warning-level `eu-elements` check of an Open Badge whose achievement is a `MicroCredential`:
 * which mandatory elements of the Recommendation it lacks. It never changes `verified`; other badges
 * get no such check (their summary still names what they lack).
 */
export function checkEuElements(
  context: CheckContext,
  facts: AchievementFacts | undefined,
): Check | undefined {
  const { credential } = context;
  if (!isBadge(credential) || facts?.achievementType !== 'MicroCredential') return undefined;
  const missing = missingEuElements(credential, facts);
  if (missing.length === 0)
    return {
      id: 'eu-elements',
      valid: true,
      severity: 'warning',
      detail: 'carries every mandatory element of the EU Recommendation on micro-credentials',
    };
  const names = missing.map((m) => EU_ELEMENTS[m]).join(', ');
  context.warnings.push(`the micro-credential lacks mandatory EU elements: ${names}`);
  return {
    id: 'eu-elements',
    valid: false,
    severity: 'warning',
    code: 'eu-elements-missing',
    detail: `lacks mandatory elements of the EU Recommendation on micro-credentials (Annex I): ${names}`,
  };
}
