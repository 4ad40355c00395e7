import { LANGUAGES, type Lang } from '../types.js';
import { readAchievement, type AchievementFacts } from '../verify/facts.js';
import { learnerName } from '../verify/report.js';
import { asArray, idOf, isRecord, textOf, type JsonRecord } from '../verify/util.js';

/**
 * What a credential states, for a person to read: who, what, when — and what was certified, as the
 * verifier reads it (`achievement`, the `summary.achievement` of `POST /credentials/verify`). Read only
 * from the credential itself, never from mutable records: the one reader behind the credential page,
 * the verify page, the PDF certificate and the baked badge.
 */
export interface CredentialFacts {
  id?: string;
  /** the achievement's name, else the credential's */
  title?: string;
  description?: string;
  /** the language the credential's texts are written in (BCP 47, as the achievement gives it) */
  lang?: string;
  learner?: string;
  issuer: { id?: string; name?: string; website?: string; country?: string; region?: string };
  awarded?: string;
  validFrom?: string;
  validUntil?: string;
  grade?: { value: string; scheme?: string; required?: string };
  /** the achievement's (or credential's) image: an https URL or a data: URI */
  image?: string;
  /** what was certified: every EU micro-credential element the achievement carries */
  achievement?: AchievementFacts;
  /** the criteria text of the narrative, without the parts Tilts labels */
  criteria?: string;
  /** the workload as the narrative states it (names the unit of a bare `creditsAvailable`) */
  workloadStatement?: string;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function gradeOf(subject: JsonRecord | undefined, achievement: JsonRecord | undefined) {
  const result = asArray(subject?.result).filter(isRecord)[0];
  const value = str(result?.value);
  if (!result || !value) return undefined;
  const descriptions = asArray(achievement?.resultDescription).filter(isRecord);
  const description = descriptions.find((d) => d.id === result.resultDescription) ?? descriptions[0];
  return defined({ value, scheme: str(description?.name), required: str(description?.requiredValue) });
}

function issuerOf(credential: JsonRecord): CredentialFacts['issuer'] {
  const issuer = asArray(credential.issuer)[0];
  const profile = isRecord(issuer) ? issuer : {};
  const address = isRecord(profile.address) ? profile.address : {};
  return defined({
    id: idOf(issuer),
    name: textOf(profile.name),
    website: str(profile.url),
    country: str(address.addressCountry) ?? str(address.addressCountryCode),
    region: str(address.addressRegion),
  });
}

/**
 * The facts of a credential (OB 3.0 §B.1.1 AchievementCredential; VC 1.1 date names too): the
 * envelope — issuer, learner, dates, grade, image — around the achievement's facts as
 * `readAchievement` reads them. Tolerates missing parts: what the credential does not state is left
 * out, never invented.
 */
export function readCredentialFacts(credential: JsonRecord): CredentialFacts {
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const achievement = isRecord(subject?.achievement) ? subject.achievement : undefined;
  const reading = readAchievement(subject);
  return defined({
    id: str(credential.id),
    title: textOf(achievement?.name) ?? textOf(credential.name),
    description: textOf(achievement?.description) ?? textOf(credential.description),
    lang: str(achievement?.inLanguage),
    learner: learnerName(subject),
    issuer: issuerOf(credential),
    awarded: str(credential.awardedDate) ?? str(credential.validFrom) ?? str(credential.issuanceDate),
    validFrom: str(credential.validFrom) ?? str(credential.issuanceDate),
    validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
    grade: gradeOf(subject, achievement),
    image: idOf(achievement?.image) ?? idOf(credential.image),
    achievement: reading?.facts,
    criteria: reading?.narrative.criteria,
    workloadStatement: reading?.narrative.workload,
  });
}

/** What a printed certificate and a baked badge show: the facts, with what neither can do without. */
export interface CertificateFacts extends CredentialFacts {
  /** the credential's language when it is one of ours (the certificate is written in it), else English */
  language: Lang;
  /** the credential's id, printed on every page */
  credentialId: string;
  title: string;
  /** the issuer's name, else its id */
  issuerName: string;
}

/** The facts of a credential as a certificate shows them ({@link readCredentialFacts}). */
export function certificateFacts(credential: JsonRecord): CertificateFacts {
  const facts = readCredentialFacts(credential);
  const known = (LANGUAGES as readonly string[]).includes(String(facts.lang));
  return {
    ...facts,
    language: known ? (facts.lang as Lang) : 'en',
    credentialId: facts.id ?? '',
    title: facts.title ?? '',
    issuerName: facts.issuer.name ?? facts.issuer.id ?? '',
  };
}
