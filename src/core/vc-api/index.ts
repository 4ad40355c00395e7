/** The W3C VC-API issuer core (`POST /credentials/issue`): request validation and signing. */
export {
  ISSUE_REQUEST_ERROR_CODES,
  IssueRequestError,
  IssuerKeyError,
  isIssueRequestError,
  type IssueRequestErrorCode,
  type IssueRequestIssue,
} from './issue-errors.js';
export { credentialVersion, type VcVersion } from './context-rules.js';
export { createIssuerSigner, issuerDidOf, issuerVerificationMethodOf, type IssuerKey } from './issuer-key.js';
export {
  validateIssueRequest,
  type IssueOptions,
  type ValidIssueRequest,
  type ValidateIssueRequestContext,
} from './validate-issue-request.js';
export {
  documentToSign,
  issueCredential,
  issueFromRequest,
  type IssueCredentialInput,
  type IssueFromRequestContext,
  type IssueResult,
} from './issue-credential.js';
