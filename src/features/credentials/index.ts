/**
 * The credentials feature's public surface: other features use what is exported here, never its
 * repository or models (ESLint enforces it for the W3C VC-API feature).
 */
export {
  createCredentialsService,
  type CredentialsDeps,
  type CredentialsService,
} from './credentials.service.js';
export type { CredentialSummaryView, CredentialView } from './credential-view.js';
export type { CredentialDoc, CredentialFormat, CredentialState } from './credential.model.js';
export type { SignedIssueRequest } from './issue/issue-credential.js';
export type { Issued } from './issue/persist.js';
export type { IssueInput } from './issue/plan.js';
export type { CredentialSigner } from './issue/seal.js';
export type { StatusAction } from './status-changes.js';
