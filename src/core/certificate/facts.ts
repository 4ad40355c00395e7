import { LANGUAGES, type Lang } from '../types.js';
import { asArray, idOf, isRecord, textOf, type JsonRecord } from '../verify/util.js';
import { conceptOf, kindOf, type FactConcept, type Kind } from './alignments.js';
import { readNarrative } from './narrative.js';

export type { FactConcept } from './alignments.js';

export interface Outcome {
  text: string;
  skills: FactConcept[];
}

/**
 * What a credential states, read only from the credential itself (never from mutable records): the one
 * reader behind the credential page, the verify page and the PDF certificate.
 */
export interface CredentialFacts {
  id?: string;
  title?: string;
  description?: string;
  /** the language the credential's texts are written in */
  lang?: string;
  achievementType?: string;
  learner?: string;
  issuer: { id?: string; name?: string; website?: string; country?: string; region?: string };
  awarded?: string;
  validFrom?: string;
  validUntil?: string;
  grade?: { value: string; scheme?: string; required?: string };
  /** credit points, one entry per credit system the credential names */
  credits: Array<{ value: number; system?: FactConcept }>;
  hours?: number;
  eqf?: FactConcept;
  nqf?: FactConcept;
  field?: FactConcept;
  /** OB `fieldOfStudy`, as given */
  fieldOfStudy?: string;
  outcomes: Outcome[];
  /** ESCO skills not tied to one outcome text */
  skills: FactConcept[];
  assessment: FactConcept[];
  participation?: FactConcept;
  setting?: FactConcept;
  qualityAssurance: FactConcept[];
  /** who assures quality, when the credential names the body */
  qualityAssuranceBody?: FactConcept;
  supervision?: FactConcept;
  /** stand-alone or integrated (EU Recommendation, Annex I) */
  stackabilityMode?: FactConcept;
  criteria?: string;
  prerequisites?: string;
  furtherInformation?: string;
  isPartOf: FactConcept[];
  combines: FactConcept[];
  /** alignments of a kind this reader does not know: still shown, by name */
  other: FactConcept[];
  /** the achievement's (or credential's) image: an https URL or a data: URI */
  image?: string;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** Hours: an ISO 8601 duration (PT80H) or a plain number. */
function hoursOf(value: unknown): number | undefined {
  const text = String(value ?? '');
  const iso = /^PT(\d+(?:\.\d+)?)H$/i.exec(text);
  const n = Number(iso ? iso[1] : text);
  return text !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

const CREDIT_SYSTEM_CODES: Record<string, string> = {
  'http://data.europa.eu/snb/education-credit/6fcec5c5af': 'ECTS',
  'http://data.europa.eu/snb/education-credit/60b314e826': 'ECVET',
};

/**
 * Credit points: one per credit-points alignment that states its value (the richer shape), else the
 * credits earned or available, in the system an alignment or the workload text names.
 */
function creditsOf(
  subject: JsonRecord | undefined,
  achievement: JsonRecord | undefined,
  systems: FactConcept[],
  workloadText: string | undefined,
): CredentialFacts['credits'] {
  const named = (c: FactConcept): FactConcept => ({
    ...c,
    name: (c.url && CREDIT_SYSTEM_CODES[c.url]) ?? c.framework ?? c.name,
  });
  const stated = systems.filter((c) => c.code !== undefined && Number.isFinite(Number(c.code)));
  if (stated.length > 0) return stated.map((c) => ({ value: Number(c.code), system: named(c) }));
  const value = Number(subject?.creditsEarned ?? achievement?.creditsAvailable);
  if (!Number.isFinite(value) || value <= 0) return [];
  const ects = /\bECTS\b/.test(workloadText ?? '') ? { name: 'ECTS' } : undefined;
  return [{ value, system: systems[0] ? named(systems[0]) : ects }];
}

function gradeOf(subject: JsonRecord | undefined, achievement: JsonRecord | undefined) {
  const result = asArray(subject?.result).filter(isRecord)[0];
  const value = str(result?.value);
  if (!result || !value) return undefined;
  const descriptions = asArray(achievement?.resultDescription).filter(isRecord);
  const description = descriptions.find((d) => d.id === result.resultDescription) ?? descriptions[0];
  return { value, scheme: str(description?.name), required: str(description?.requiredValue) };
}

function learnerOf(subject: JsonRecord | undefined): string | undefined {
  const named = textOf(subject?.name);
  if (named) return named;
  const identity = asArray(subject?.identifier)
    .filter(isRecord)
    .find((i) => i.identityType === 'name' && i.hashed === false);
  return str(identity?.identityHash);
}

function issuerOf(credential: JsonRecord): CredentialFacts['issuer'] {
  const issuer = asArray(credential.issuer)[0];
  const address = isRecord(issuer) && isRecord(issuer.address) ? issuer.address : undefined;
  return {
    id: idOf(issuer),
    name: isRecord(issuer) ? textOf(issuer.name) : undefined,
    website: isRecord(issuer) ? str(issuer.url) : undefined,
    country: str(address?.addressCountry) ?? str(address?.addressCountryCode),
    region: str(address?.addressRegion),
  };
}

/** Sorts alignments by kind; ESCO skills named after an outcome (today's shape) go under it. */
function alignmentFacts(alignments: JsonRecord[], outcomeTexts: string[]) {
  const groups = new Map<Kind, FactConcept[]>();
  for (const a of alignments) {
    const kind = kindOf(a);
    groups.set(kind, [...(groups.get(kind) ?? []), conceptOf(a)]);
  }
  const all = (kind: Kind) => groups.get(kind) ?? [];
  const skills = all('skill');
  const outcomes = outcomeTexts.map((text) => ({ text, skills: skills.filter((s) => s.name === text) }));
  const tied = new Set(outcomes.flatMap((o) => o.skills));
  const hours = all('hours')
    .map((c) => hoursOf(c.code ?? c.name))
    .find((h) => h !== undefined);
  return { all, outcomes, skills: skills.filter((s) => !tied.has(s)), hours };
}

/**
 * The facts of an Open Badges 3.0 credential for a person to read: who, what, when, and every EU
 * micro-credential element the credential carries (its alignments, credits and criteria narrative).
 * Alignments are recognised by Tilts' `ext:` target type or by EU vocabulary URL (DESIGN §3), so richer
 * shapes are read too (OB 3.0 §B.1.1 AchievementCredential, §B.2.1 Achievement). Tolerates missing
 * parts: what the credential does not state is left out, never invented.
 */
export function readCredentialFacts(credential: JsonRecord): CredentialFacts {
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const achievement = isRecord(subject?.achievement) ? subject.achievement : undefined;
  const criteria = isRecord(achievement?.criteria) ? achievement.criteria : undefined;
  const narrative = readNarrative(str(criteria?.narrative));
  const alignments = asArray(achievement?.alignment).filter(isRecord);
  const { all, outcomes, skills, hours } = alignmentFacts(alignments, narrative.outcomes);
  const narrativeHours = /(\d+(?:[.,]\d+)?)\s*(?:h|st\.|val\.)/.exec(narrative.workload ?? '')?.[1];
  return {
    id: str(credential.id),
    title: textOf(achievement?.name) ?? textOf(credential.name),
    description: textOf(achievement?.description) ?? textOf(credential.description),
    lang: str(achievement?.inLanguage),
    achievementType: str(achievement?.achievementType),
    learner: learnerOf(subject),
    issuer: issuerOf(credential),
    awarded: str(credential.awardedDate) ?? str(credential.validFrom) ?? str(credential.issuanceDate),
    validFrom: str(credential.validFrom) ?? str(credential.issuanceDate),
    validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
    grade: gradeOf(subject, achievement),
    credits: creditsOf(subject, achievement, all('credit'), narrative.workload),
    hours: hours ?? (narrativeHours ? Number(narrativeHours.replace(',', '.')) : undefined),
    eqf: all('eqf')[0],
    nqf: all('nqf')[0],
    field: all('field')[0],
    fieldOfStudy: str(achievement?.fieldOfStudy),
    outcomes,
    skills,
    assessment: all('assessment'),
    participation: all('participation')[0],
    setting: all('setting')[0],
    qualityAssurance: all('qa'),
    qualityAssuranceBody: all('qaBody')[0],
    supervision: all('supervision')[0],
    stackabilityMode: all('stackMode')[0],
    criteria: narrative.criteria,
    prerequisites: narrative.prerequisites,
    furtherInformation: narrative.furtherInformation,
    isPartOf: all('isPartOf'),
    combines: all('combines'),
    other: all('other'),
    image: idOf(achievement?.image) ?? idOf(credential.image),
  };
}

/** What a printed certificate shows: the same facts, flattened to text for one page layout. */
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

const languageOf = (value: unknown): Lang =>
  (LANGUAGES as readonly string[]).includes(String(value)) ? (value as Lang) : 'en';

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * The facts a printed certificate shows, as {@link readCredentialFacts} reads them from an OB 3.0
 * OpenBadgeCredential (OB 3.0 §B.1.1, §B.2.1): the first credit system (ECTS unless another is named),
 * the quality assurance with its description, the grade with its scheme. Missing elements are left out.
 */
export function certificateFacts(credential: JsonRecord): CertificateFacts {
  const f = readCredentialFacts(credential);
  const credits = f.credits[0];
  const qa = f.qualityAssurance[0];
  const grade = f.grade;
  return defined({
    language: languageOf(f.lang),
    credentialId: f.id ?? '',
    issuerName: f.issuer.name ?? f.issuer.id ?? '',
    issuerUrl: f.issuer.website,
    learnerName: f.learner,
    title: f.title ?? '',
    description: f.description,
    outcomes: f.outcomes.map((o) => o.text),
    credits: credits && { value: credits.value, system: credits.system?.name ?? 'ECTS' },
    hours: f.hours,
    eqf: f.eqf?.name,
    nqf: f.nqf && [f.nqf.framework, f.nqf.name].filter(Boolean).join(': '),
    field: f.fieldOfStudy ?? f.field?.name,
    assessment: f.assessment.map((a) => a.name),
    participation: f.participation?.name,
    learningSetting: f.setting?.name,
    qualityAssurance: qa && [qa.name, qa.description?.trim()].filter(Boolean).join(' — '),
    supervision: f.supervision?.name,
    grade: grade && defined({ value: grade.value, scheme: grade.scheme }),
    awardedDate: f.awarded,
    validUntil: f.validUntil,
    image: f.image,
  });
}
