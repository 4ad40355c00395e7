import type { IssuerRecord, Lang, LangMap } from '../types.js';

/** A controlled value: the concept URI of an EU vocabulary and its labels in our languages. */
export interface EdcConceptRef {
  uri: string;
  label?: LangMap;
}

/** An organisation named by the record (QA body, awarding body other than the issuer). */
export interface EdcOrganisation {
  name: LangMap;
  /** ISO 3166-1 alpha-2 */
  country: string;
  homepage?: string;
  /** e.g. a registration number or an agency identifier */
  identifier?: string;
}

/** Another specification this one stacks with (ELM `isPartOf` / `hasPart`). */
export interface EdcLink {
  id: string;
  title: LangMap;
}

/**
 * The micro-credential specification as the EDC builder reads it: every element of the EU Council
 * Recommendation (2022) Annex I, with controlled values already resolved to EU concepts. Produced from
 * the achievement record by {@link mapAchievementRecord}, the only place that knows the record's shape.
 */
export interface EdcAchievement {
  id: string;
  /** dereferenceable id of the specification (the achievement's public URL) */
  url: string;
  version: string;
  /** the languages the achievement is written in; every language map covers these */
  languages: Lang[];
  title: LangMap;
  description: LangMap;
  criteria: LangMap;
  learningOutcomes: Array<{ text: LangMap; escoSkills: string[] }>;
  workload: { hours: number; credits?: { system: EdcConceptRef; value: number } };
  eqfLevel?: EdcConceptRef;
  nqfLevel?: EdcConceptRef;
  field?: EdcConceptRef;
  assessmentTypes: EdcConceptRef[];
  mode: EdcConceptRef;
  learningSetting?: EdcConceptRef;
  qualityAssurance: { type: EdcConceptRef; description?: LangMap; body?: EdcOrganisation };
  awardingBody?: EdcOrganisation;
  prerequisites?: LangMap;
  idVerification?: EdcConceptRef;
  gradeScheme?: { name: LangMap; description?: LangMap };
  stackability: { partial: boolean; isPartOf: EdcLink[]; hasPart: EdcLink[] };
  furtherInformation?: LangMap;
}

/** The seal's legal identity, as the eIDAS certificate states it (ETSI EN 319 412-1 organizationIdentifier). */
export interface SealIdentity {
  /** e.g. `NTRLV-40003000000` or `VATLV-…` */
  notation: string;
  /** ISO 3166-1 alpha-2 of the identifier */
  country: string;
}

export interface EdcBuildInput {
  /** our credential id (uuid): the EDC id is `urn:credential:<id>` */
  credentialId: string;
  issuer: IssuerRecord;
  seal: SealIdentity;
  achievement: EdcAchievement;
  learner: { givenName: string; familyName: string; did?: string };
  award: { language: Lang; awardedDate: string; validUntil?: string; result?: { value: string } };
  /** when the EDC is sealed (ISO date-time): `issued` */
  issued: string;
  /** base64 PNG of the credential's first page (displayParameter) */
  pageImage: string;
  /** the credential's public page, named as the issuer's homepage is */
  publicUrl: string;
}
