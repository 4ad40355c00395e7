export {
  buildOpenBadgeCredential,
  type AwardDetails,
  type BuildCredentialInput,
} from './build-credential.js';
export { assertLanguageAvailable } from './achievement.js';
export { availableLanguages, missingTexts } from './text.js';
export { identityHash, identityMatchesEmail, normalizeEmail, recipientIdentifiers } from './identity.js';
export {
  checkJsonSchema,
  createOpenBadgeValidator,
  validateOpenBadgeCredential,
  type ValidateOptions,
  type ValidationIssue,
} from './validate.js';
export { checkEuCredentialElements } from './eu-rules.js';
export { checkEuMandatoryElements } from './eu-record-rules.js';
export {
  signDataIntegrity,
  signVcJwt,
  vcJwtClaims,
  type DataIntegrityKey,
  type DataIntegrityProofValue,
  type VcJwtOptions,
} from './sign.js';
export { Ob3Error, type Ob3ErrorCode, type Ob3ErrorDetail } from './errors.js';
export {
  MICRO_CREDENTIAL,
  OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_ID,
  OB3_CONTEXT,
  TARGET_TYPE,
  paths,
} from './constants.js';
export type * from './types.js';
