import { PHRASES } from '../../core/ob3/text.js';
import { LANGUAGES } from '../../core/types.js';
import { asArray, idOf, isRecord, textOf, type JsonRecord } from '../../core/verify/util.js';

/** One alignment target as the signed credential names it. */
export interface FactConcept {
  name: string;
  url?: string;
  code?: string;
  framework?: string;
  description?: string;
}

export interface Outcome {
  text: string;
  skills: FactConcept[];
}

/** What a credential states, read only from the credential itself (never from mutable records). */
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
}

type Kind =
  | 'eqf'
  | 'nqf'
  | 'field'
  | 'skill'
  | 'assessment'
  | 'participation'
  | 'setting'
  | 'qa'
  | 'qaBody'
  | 'supervision'
  | 'stackMode'
  | 'credit'
  | 'hours'
  | 'isPartOf'
  | 'combines'
  | 'other';

/** Recognised by `targetType` (Tilts' `ext:` codes), else by the EU vocabulary the target URL is in. */
const BY_TYPE: Record<string, Kind> = {
  'ext:EQFLevel': 'eqf',
  'ext:NQFLevel': 'nqf',
  'ext:ISCEDF': 'field',
  'ext:ESCOSkill': 'skill',
  'ext:AssessmentType': 'assessment',
  'ext:ModeOfLearning': 'participation',
  'ext:LearningSetting': 'setting',
  'ext:QualityAssurance': 'qa',
  'ext:QualityAssuranceBody': 'qaBody',
  'ext:Supervision': 'supervision',
  'ext:StackabilityOption': 'stackMode',
  'ext:CreditSystem': 'credit',
  'ext:CreditPoints': 'credit',
  'ext:VolumeOfLearning': 'hours',
  'ext:IsPartOf': 'isPartOf',
  'ext:Combines': 'combines',
};
const BY_URL: Array<[RegExp, Kind]> = [
  [/^https?:\/\/data\.europa\.eu\/snb\/eqf\//, 'eqf'],
  [/^https?:\/\/data\.europa\.eu\/snb\/qdr\//, 'nqf'],
  [/^https?:\/\/data\.europa\.eu\/snb\/isced-f\//, 'field'],
  [/^https?:\/\/data\.europa\.eu\/esco\/skill\//, 'skill'],
  [/^https?:\/\/data\.europa\.eu\/snb\/assessment\//, 'assessment'],
  [/^https?:\/\/data\.europa\.eu\/snb\/learning-assessment\//, 'participation'],
  [/^https?:\/\/data\.europa\.eu\/snb\/learning-setting\//, 'setting'],
  [/^https?:\/\/data\.europa\.eu\/snb\/accreditation\//, 'qa'],
  [/^https?:\/\/data\.europa\.eu\/snb\/supervision-verification\//, 'supervision'],
  [/\/vocab\/supervision\/[a-z-]+$/, 'supervision'],
  [/^https?:\/\/data\.europa\.eu\/snb\/education-credit\//, 'credit'],
];

function kindOf(a: JsonRecord): Kind {
  const type = typeof a.targetType === 'string' ? a.targetType : '';
  const url = typeof a.targetUrl === 'string' ? a.targetUrl : '';
  if (BY_TYPE[type]) return BY_TYPE[type];
  if (/workload|hours|volume/i.test(type)) return 'hours';
  const code = `${String(a.targetCode ?? '')} ${type}`.toLowerCase();
  if (type === 'ceterms:Credential' && /part-?of/.test(code)) return 'isPartOf';
  if (type === 'ceterms:Credential' && /combine|has-?part/.test(code)) return 'combines';
  return BY_URL.find(([re]) => re.test(url))?.[1] ?? 'other';
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

function conceptOf(a: JsonRecord): FactConcept {
  return {
    name: str(a.targetName) ?? str(a.targetUrl) ?? '',
    url: str(a.targetUrl),
    code: str(a.targetCode),
    framework: str(a.targetFramework),
    description: str(a.targetDescription),
  };
}

/** Hours: an ISO 8601 duration (PT80H) or a plain number. */
function hoursOf(value: unknown): number | undefined {
  const text = String(value ?? '');
  const iso = /^PT(\d+(?:\.\d+)?)H$/i.exec(text);
  const n = Number(iso ? iso[1] : text);
  return text !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The labelled parts of the criteria narrative Tilts writes (`**Label:** text`, `**Label**` + list). */
interface Narrative {
  criteria?: string;
  outcomes: string[];
  prerequisites?: string;
  workload?: string;
  furtherInformation?: string;
}

type Section = 'outcomes' | 'prerequisites' | 'workload' | 'furtherInformation';
const LABELS: Array<[Section, string]> = LANGUAGES.flatMap((lang) =>
  (['outcomes', 'prerequisites', 'workload', 'furtherInformation'] as const).map((key): [Section, string] => [
    key,
    PHRASES[lang][key] ?? key,
  ]),
);

function readNarrative(narrative: string | undefined): Narrative {
  const out: Narrative = { outcomes: [] };
  const free: string[] = [];
  let inOutcomes = false;
  for (const block of (narrative ?? '').split(/\n\s*\n/)) {
    const labelled = /^\*\*([^*]+?):?\*\*:?\s*([\s\S]*)$/.exec(block.trim());
    const key = labelled ? LABELS.find(([, label]) => label === labelled[1]?.trim())?.[0] : undefined;
    const items = [...block.matchAll(/^\s*[-*]\s+(.+)$/gm)].map((m) => (m[1] ?? '').trim());
    if (key === 'outcomes' || (inOutcomes && !labelled && items.length > 0)) {
      inOutcomes = true;
      out.outcomes.push(...items);
    } else if (key && labelled) {
      inOutcomes = false;
      out[key] = (labelled[2] ?? '').trim();
    } else if (block.trim() !== '') free.push(block.trim());
  }
  if (free.length > 0) out.criteria = free.join('\n\n');
  return out;
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
 * Tolerates missing parts: what the credential does not state is left out.
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
  };
}
