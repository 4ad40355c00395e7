import { PHRASES } from '../ob3/text.js';
import { LANGUAGES, type Lang } from '../types.js';
import { asArray, idOf, isRecord, textOf, type JsonRecord } from '../verify/util.js';

/** What a certificate states, read from the signed credential alone (never from mutable records). */
export interface CertificateFacts {
  language: Lang;
  credentialId: string;
  issuerName: string;
  issuerUrl?: string;
  learnerName?: string;
  title: string;
  description?: string;
  outcomes: string[];
  credits?: { value: number; system: string };
  hours?: number;
  eqf?: string;
  nqf?: string;
  field?: string;
  assessment: string[];
  participation?: string;
  learningSetting?: string;
  qualityAssurance?: string;
  supervision?: string;
  grade?: { value: string; scheme?: string };
  /** ISO date-times */
  awardedDate?: string;
  validUntil?: string;
  /** the achievement's (or credential's) image: an https URL or a data: URI */
  image?: string;
}

interface Alignment {
  targetName?: string;
  targetUrl?: string;
  targetType?: string;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
}

const SNB = 'http://data.europa.eu/snb/';

/** How each element is recognised: Tilts' `ext:` target type, or the EU vocabulary its URL is in. */
const KINDS = {
  eqf: { type: 'ext:EQFLevel', url: `${SNB}eqf/` },
  nqf: { type: 'ext:NQFLevel', url: `${SNB}qdr/` },
  assessment: { type: 'ext:AssessmentType', url: `${SNB}assessment/` },
  participation: { type: 'ext:ModeOfLearning', url: `${SNB}learning-assessment/` },
  learningSetting: { type: 'ext:LearningSetting', url: `${SNB}learning-setting/` },
  qualityAssurance: { type: 'ext:QualityAssurance', url: `${SNB}accreditation/` },
  supervision: { type: 'ext:Supervision', url: `${SNB}supervision-verification/` },
  creditSystem: { type: 'ext:CreditSystem', url: `${SNB}education-credit/` },
} as const;

const CREDIT_SYSTEM_NAMES: Record<string, string> = {
  [`${SNB}education-credit/6fcec5c5af`]: 'ECTS',
  [`${SNB}education-credit/60b314e826`]: 'ECVET',
};

function alignmentsOf(achievement: JsonRecord): Alignment[] {
  return asArray(achievement.alignment)
    .filter(isRecord)
    .map((a) => ({
      targetName: textOf(a.targetName),
      targetUrl: textOf(a.targetUrl),
      targetType: textOf(a.targetType),
      targetCode: textOf(a.targetCode),
      targetDescription: textOf(a.targetDescription),
      targetFramework: textOf(a.targetFramework),
    }));
}

function ofKind(alignments: Alignment[], kind: keyof typeof KINDS): Alignment[] {
  const { type, url } = KINDS[kind];
  return alignments.filter((a) => a.targetType === type || a.targetUrl?.startsWith(url));
}

const nameOf = (a: Alignment | undefined): string | undefined => a?.targetName?.trim() || undefined;

/** The Markdown list that follows the "Learning outcomes" heading of the criteria narrative. */
function outcomesFrom(narrative: string): string[] {
  const headings = LANGUAGES.map((l) => `**${PHRASES[l].outcomes}**`);
  const lines = narrative.split(/\r?\n/);
  const start = lines.findIndex((line) => headings.includes(line.trim()));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item?.[1]) out.push(item[1].trim());
    else if (line.trim() && out.length > 0) break;
  }
  return out;
}

/** Hours from an ISO 8601 duration such as PT80H, or a plain number. */
function hoursFromValue(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const iso = /^P(?:(\d+)D)?T?(?:(\d+(?:\.\d+)?)H)?$/.exec(value.trim());
  const hours = iso ? Number(iso[1] ?? 0) * 24 + Number(iso[2] ?? 0) : Number(value);
  return Number.isFinite(hours) && hours > 0 ? hours : undefined;
}

/** Notional hours: a workload alignment where there is one, else the workload line of the narrative. */
function hoursOf(alignments: Alignment[], narrative: string): number | undefined {
  const workload = alignments.find((a) => /workload|hours|volume/i.test(a.targetType ?? ''));
  const fromAlignment = hoursFromValue(workload?.targetCode);
  if (fromAlignment) return fromAlignment;
  const labels = LANGUAGES.map((l) => PHRASES[l].workload).join('|');
  const line = new RegExp(`\\*\\*(?:${labels}):\\*\\*\\s*(\\d+(?:[.,]\\d+)?)`).exec(narrative);
  return line?.[1] ? Number(line[1].replace(',', '.')) : undefined;
}

function creditsOf(subject: JsonRecord, achievement: JsonRecord, alignments: Alignment[]) {
  const value = [subject.creditsEarned, achievement.creditsAvailable].find(
    (v): v is number => typeof v === 'number' && v > 0,
  );
  if (value === undefined) return undefined;
  const system = ofKind(alignments, 'creditSystem')[0];
  const name = system?.targetUrl ? CREDIT_SYSTEM_NAMES[system.targetUrl] : undefined;
  return { value, system: name ?? system?.targetCode?.toUpperCase() ?? 'ECTS' };
}

function gradeOf(subject: JsonRecord, achievement: JsonRecord): CertificateFacts['grade'] {
  const result = asArray(subject.result).find(isRecord);
  const value = textOf(result?.value);
  if (!value) return undefined;
  const description = asArray(achievement.resultDescription)
    .filter(isRecord)
    .find((d) => d.id === result?.resultDescription);
  const scheme = textOf(description?.name);
  return scheme ? { value, scheme } : { value };
}

/** The learner's name as the credential states it: `name`, else the unhashed "name" identifier. */
function learnerNameOf(subject: JsonRecord): string | undefined {
  const identity = asArray(subject.identifier)
    .filter(isRecord)
    .find((i) => i.identityType === 'name' && i.hashed === false);
  return textOf(subject.name) ?? textOf(identity?.identityHash);
}

const languageOf = (value: unknown): Lang =>
  (LANGUAGES as readonly string[]).includes(String(value)) ? (value as Lang) : 'en';

function deliveryFacts(alignments: Alignment[]) {
  const qa = ofKind(alignments, 'qualityAssurance')[0];
  const qaText = [nameOf(qa), qa?.targetDescription?.trim()].filter(Boolean).join(' — ');
  const nqf = ofKind(alignments, 'nqf')[0];
  return {
    eqf: nameOf(ofKind(alignments, 'eqf')[0]),
    nqf: nqf && nameOf(nqf) ? [nqf.targetFramework, nameOf(nqf)].filter(Boolean).join(': ') : undefined,
    assessment: ofKind(alignments, 'assessment').flatMap((a) => nameOf(a) ?? []),
    participation: nameOf(ofKind(alignments, 'participation')[0]),
    learningSetting: nameOf(ofKind(alignments, 'learningSetting')[0]),
    qualityAssurance: qaText || undefined,
    supervision: nameOf(ofKind(alignments, 'supervision')[0]),
  };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * The facts a printed certificate shows, read from an OB 3.0 OpenBadgeCredential (OB 3.0 §B.1.1
 * AchievementCredential, §B.2.1 Achievement): the EU Recommendation elements as Tilts maps them
 * (DESIGN §3), recognised by `ext:` target type or by EU vocabulary URL so that richer alignments
 * are read too. Missing elements are left out, never invented.
 */
export function certificateFacts(credential: JsonRecord): CertificateFacts {
  const subject = asArray(credential.credentialSubject).find(isRecord) ?? {};
  const achievement = isRecord(subject.achievement) ? subject.achievement : {};
  const issuer = asArray(credential.issuer)[0];
  const alignments = alignmentsOf(achievement);
  const narrative = textOf(isRecord(achievement.criteria) ? achievement.criteria.narrative : undefined) ?? '';
  const image = idOf(achievement.image) ?? idOf(credential.image);
  return defined({
    language: languageOf(achievement.inLanguage),
    credentialId: textOf(credential.id) ?? '',
    issuerName: (isRecord(issuer) ? textOf(issuer.name) : undefined) ?? idOf(issuer) ?? '',
    issuerUrl: isRecord(issuer) ? textOf(issuer.url) : undefined,
    learnerName: learnerNameOf(subject),
    title: textOf(achievement.name) ?? textOf(credential.name) ?? '',
    description: textOf(achievement.description) ?? textOf(credential.description),
    outcomes: outcomesFrom(narrative),
    credits: creditsOf(subject, achievement, alignments),
    hours: hoursOf(alignments, narrative),
    field: textOf(achievement.fieldOfStudy),
    ...deliveryFacts(alignments),
    grade: gradeOf(subject, achievement),
    awardedDate: textOf(credential.awardedDate) ?? textOf(credential.validFrom),
    validUntil: textOf(credential.validUntil),
    image,
  });
}
