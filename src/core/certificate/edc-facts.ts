import type { Lang } from '../types.js';
import { COUNTRY_CODES, country } from '../vocab/country.js';
import { CREDIT_SYSTEM_KEYS, creditSystem } from '../vocab/credit-systems.js';
import { EQF } from '../vocab/eqf.js';
import { isEscoSkillUri } from '../vocab/esco.js';
import { MAX_NARRATIVE_ITEMS } from '../verify/narrative.js';
import type { AchievementFacts, CreditsFact, Target } from '../verify/facts.js';
import { asArray, idOf, isRecord, type JsonRecord } from '../verify/util.js';
import type { CredentialFacts } from './facts.js';

/** ISO 639-3 codes of the EU language authority (ELM `language` concepts) for our languages. */
const LANGUAGE_OF: Readonly<Record<string, Lang>> = { ENG: 'en', LAV: 'lv', LIT: 'lt' };

/** Lists an EDC may make long are read up to this many entries (as for Open Badges). */
const MAX_ITEMS = MAX_NARRATIVE_ITEMS;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const node = (value: unknown): JsonRecord =>
  isRecord(asArray(value)[0]) ? (asArray(value)[0] as JsonRecord) : {};

/** Reads ELM language maps (`{"lv": "…", "en": "…"}`) in one language, else in any the map has. */
type Read = (map: unknown) => string | undefined;

function reader(lang: string): Read {
  return (map) => {
    if (typeof map === 'string') return str(map);
    if (!isRecord(map)) return undefined;
    return str(map[lang]) ?? Object.values(map).map(str).find(Boolean);
  };
}

/**
 * The language the facts are read in: the reader's when the EDC's title is written in it, else the
 * EDC's primary language (ELM DisplayParameter), else the first its title has.
 */
function textLanguage(credential: JsonRecord, title: unknown, reader: Lang): string | undefined {
  const titles = isRecord(title) ? title : {};
  if (str(titles[reader])) return reader;
  const primary = idOf(node(credential.displayParameter).primaryLanguage)?.split('/').pop() ?? '';
  const lang = LANGUAGE_OF[primary];
  if (lang && str(titles[lang])) return lang;
  return Object.keys(titles).find((key) => str(titles[key]));
}

/** An ELM concept as a target: its URI and its label in the language read. */
function concept(value: unknown, read: Read): Target | undefined {
  const c = node(value);
  const url = idOf(c);
  if (!url) return undefined;
  const name = read(c.prefLabel);
  return name ? { url, name } : { url };
}

/** The country code of an organisation's address (EU country authority URI → ISO 3166-1 alpha-2). */
function countryOf(organisation: JsonRecord): string | undefined {
  const uri = idOf(node(node(node(organisation.location).address).countryCode));
  return uri ? COUNTRY_CODES.find((code) => country(code)?.uri === uri) : undefined;
}

/** ELM CreditPoint: the value and the framework it counts in, by the system Tilts knows when it does. */
function creditsOf(spec: JsonRecord, read: Read): CreditsFact[] {
  return asArray(spec.creditPoint)
    .filter(isRecord)
    .flatMap((credit) => {
      const value = Number(credit.point);
      const framework = concept(credit.framework, read);
      if (!framework || !Number.isFinite(value)) return [];
      const prefLabel = node(credit.framework).prefLabel;
      const labels = isRecord(prefLabel) ? Object.values(prefLabel) : [];
      const system = CREDIT_SYSTEM_KEYS.find((key) => {
        const known = creditSystem(key);
        return known?.uri === framework.url && (!known.country || labels.includes(known.label.en));
      });
      const name = framework.name;
      return [defined({ value, system, systemUrl: framework.url, systemName: name })];
    });
}

/** ELM `volumeOfLearning` (ISO 8601 duration in hours) and credit points. */
function workloadOf(spec: JsonRecord, read: Read): AchievementFacts['workload'] {
  const duration = str(spec.volumeOfLearning);
  const match = /^PT(\d+(?:\.\d+)?)H$/.exec(duration ?? '');
  const credits = creditsOf(spec, read);
  if (!duration && credits.length === 0) return undefined;
  return defined({ hours: match ? Number(match[1]) : undefined, duration, credits });
}

function outcomesOf(spec: JsonRecord, read: Read): Pick<AchievementFacts, 'learningOutcomes' | 'skills'> {
  const outcomes = asArray(spec.learningOutcome).filter(isRecord).slice(0, MAX_ITEMS);
  const learningOutcomes = outcomes.flatMap((o) => {
    const text = read(o.title);
    const escoSkills = asArray(o.relatedESCOSkill)
      .map(idOf)
      .filter((u): u is string => !!u && isEscoSkillUri(u));
    return text ? [{ text, escoSkills }] : [];
  });
  const skills = [...new Set(learningOutcomes.flatMap((o) => o.escoSkills))].map((url) => ({ url }));
  return { learningOutcomes, skills: skills.slice(0, MAX_ITEMS) };
}

/** An organisation the EDC names: its name, site, country and registration. */
function organisationOf(org: JsonRecord, read: Read) {
  return defined({
    name: read(org.legalName),
    url: str(node(org.homepage).contentURL),
    country: countryOf(org),
    identifier: str(node(org.registration).notation),
  });
}

function qualityOf(spec: JsonRecord, read: Read): AchievementFacts['qualityAssurance'] {
  const accreditation = node(spec.accreditation);
  if (!idOf(accreditation)) return undefined;
  const agent = node(accreditation.accreditingAgent);
  const body = idOf(agent) ? organisationOf(agent, read) : undefined;
  return defined({
    type: concept(accreditation.dcType, read),
    description: read(accreditation.title),
    body: body?.name ? defined({ url: body.url ?? idOf(agent) ?? '', name: body.name }) : undefined,
  });
}

/** The assessment types: the specification's `dcType`, or one per part of a composite assessment. */
function assessmentOf(assessment: JsonRecord, read: Read): Target[] {
  const spec = node(assessment.specifiedBy);
  const parts = asArray(spec.hasPart).filter(isRecord);
  const types = (parts.length > 0 ? parts : [spec]).map((p) => concept(p.dcType, read));
  return types.filter((t): t is Target => !!t).slice(0, MAX_ITEMS);
}

function stackabilityOf(spec: JsonRecord, read: Read): AchievementFacts['stackability'] {
  const links = (value: unknown) =>
    asArray(value)
      .filter(isRecord)
      .slice(0, MAX_ITEMS)
      .flatMap((l) => (idOf(l) ? [defined({ url: idOf(l) as string, name: read(l.title) })] : []));
  const isPartOf = links(spec.isPartOf);
  const combines = links(spec.hasPart);
  if (isPartOf.length === 0 && combines.length === 0) return undefined;
  return { isPartOf, combines };
}

/** The EU micro-credential elements of an ELM LearningAchievement and the Qualification it is specified by. */
function achievementOf(claim: JsonRecord, issuerId: string | undefined, read: Read): AchievementFacts {
  const spec = node(claim.specifiedBy);
  const assessment = node(claim.provenBy);
  const eqf = concept(spec.eqfLevel, read);
  const level = eqf ? Number(EQF.byUri(eqf.url)?.key) : NaN;
  const awarding = node(node(claim.awardedBy).awardingBody);
  const grade = read(node(assessment.grade).noteLiteral);
  const notes = asArray(spec.additionalNote)
    .filter(isRecord)
    .map((n) => read(n.noteLiteral));
  return {
    ...defined({
      id: idOf(spec),
      name: read(spec.title) ?? read(claim.title),
      eqfLevel: eqf && Number.isFinite(level) ? { ...eqf, level } : undefined,
      nqfLevel: concept(spec.nqfLevel, read),
      field: concept(spec.thematicArea, read),
      workload: workloadOf(spec, read),
      participation: concept(spec.mode, read),
      learningSetting: concept(spec.learningSetting, read),
      qualityAssurance: qualityOf(spec, read),
      supervision: concept(assessment.idVerification, read),
      stackability: stackabilityOf(spec, read),
      awardingBody:
        idOf(awarding) && idOf(awarding) !== issuerId ? organisationOf(awarding, read) : undefined,
      prerequisites: read(node(spec.entryRequirement).noteLiteral),
      furtherInformation: notes.filter(Boolean).join(' ') || undefined,
    }),
    ...outcomesOf(spec, read),
    assessment: assessmentOf(assessment, read),
    result: grade ? [grade] : [],
    otherAlignments: [],
  };
}

/**
 * What a European Digital Credential (ELM 3 `EuropeanDigitalCredential`, its payload when sealed)
 * states, as the facts an Open Badge's are read into ({@link CredentialFacts}), so one view shows
 * both: learner, title, issuer, dates, grade and the EU micro-credential elements its
 * LearningAchievement and Qualification carry. Texts are read in the reader's language when the EDC
 * is written in it (`lang` says which was read). Tolerates missing parts; nothing is invented. Pure.
 */
export function readEdcFacts(credential: JsonRecord, readerLang: Lang): CredentialFacts {
  const subject = node(credential.credentialSubject);
  const claim = node(subject.hasClaim);
  const lang = textLanguage(credential, claim.title, readerLang);
  const read = reader(lang ?? readerLang);
  const issuer = node(credential.issuer);
  const given = [read(subject.givenName), read(subject.familyName)].filter(Boolean).join(' ');
  const assessment = node(claim.provenBy);
  const grade = read(node(assessment.grade).noteLiteral);
  const scheme = read(node(node(assessment.specifiedBy).gradingScheme).title);
  return defined({
    id: str(credential.id),
    title: read(claim.title) ?? read(node(claim.specifiedBy).title),
    description: read(claim.description),
    lang,
    learner: read(subject.fullName) ?? (given || undefined),
    issuer: defined({
      id: idOf(issuer),
      name: read(issuer.legalName),
      website: str(node(issuer.homepage).contentURL),
      country: read(node(node(node(issuer.location).address).countryCode).prefLabel),
    }),
    awarded: str(node(claim.awardedBy).awardingDate) ?? str(credential.validFrom),
    validFrom: str(credential.validFrom) ?? str(credential.issuanceDate),
    validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
    grade: grade ? defined({ value: grade, scheme }) : undefined,
    achievement: achievementOf(claim, idOf(issuer), read),
  });
}
