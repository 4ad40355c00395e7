/**
 * The OB 3.0 shapes Tilts writes (OB 3.0 §B Data Model, context 3.0.3). Type aliases, not interfaces,
 * so that they stay assignable to plain JSON records.
 */
import type { JsonObject } from '../types.js';

export type OBImage = { id: string; type: 'Image'; caption?: string };

export type IdentifierEntry = { type: 'IdentifierEntry'; identifier: string; identifierType: string };

export type IdentityObject = {
  type: 'IdentityObject';
  identityHash: string;
  identityType: string;
  hashed: boolean;
  salt?: string;
};

export type Address = {
  type: ['Address'];
  addressCountry: string;
  addressCountryCode: string;
  addressRegion?: string;
};

export type Profile = {
  id: string;
  type: ['Profile'];
  name: string;
  url?: string;
  email?: string;
  address?: Address;
  otherIdentifier?: IdentifierEntry[];
  image?: OBImage;
};

export type Alignment = {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
  targetFramework?: string;
  targetType?: string;
  targetCode?: string;
  targetDescription?: string;
};

export type Related = { id: string; type: ['Related']; inLanguage?: string; version?: string };

export type ResultDescription = {
  id: string;
  type: ['ResultDescription'];
  name: string;
  resultType: string;
  allowedValue?: string[];
  valueMin?: string;
  valueMax?: string;
  requiredValue?: string;
};

export type Result = { type: ['Result']; value: string; resultDescription?: string };

export type Achievement = {
  id: string;
  type: ['Achievement'];
  achievementType: string;
  name: string;
  description: string;
  criteria: { narrative: string };
  /** ECTS credits only (OB readers take the number as ECTS); other systems are in `alignment` */
  creditsAvailable?: number;
  alignment: Alignment[];
  fieldOfStudy: string;
  inLanguage: string;
  version: string;
  creator: Pick<Profile, 'id' | 'type' | 'name'>;
  image?: OBImage;
  related?: Related[];
  resultDescription?: ResultDescription[];
};

export type AchievementSubject = {
  id?: string;
  type: ['AchievementSubject'];
  identifier: IdentityObject[];
  achievement: Achievement;
  /** ECTS credits only, as `achievement.creditsAvailable` */
  creditsEarned?: number;
  activityEndDate: string;
  result?: Result[];
  /** the awarding body, when it is not the issuer (OB: who assessed on behalf of the issuer) */
  source?: Profile;
};

export type CredentialSchema = { id: string; type: string };

/** An unsigned OpenBadgeCredential as `buildOpenBadgeCredential` returns it (OB 3.0 §B.1.1). */
export type OpenBadgeCredential = {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  description: string;
  image?: OBImage;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  credentialSubject: AchievementSubject;
  credentialSchema: CredentialSchema[];
  credentialStatus?: JsonObject | JsonObject[];
};
