export { verifyCredential } from './verify-credential.js';
export { verifyPresentation } from './verify-presentation.js';
export {
  parseCredentialInput,
  parseJwt,
  type ParsedCredential,
  type ParsedJwt,
  type ParseResult,
} from './parse.js';
export { createJsonSchemaSet, type JsonSchemaSet } from './schema-set.js';
export { OB_SCHEMA_IDS } from './checks/schema.js';
export { JWT_ALGORITHMS } from './proof-jwt.js';
export {
  createFetchBudget,
  createRemoteResolver,
  controllerUrl,
  MAX_REMOTE_FETCHES,
  RemoteFetchError,
  type DnsLookup,
  type FetchBudget,
  type RemoteFetch,
  type RemoteResolver,
  type RemoteFetchErrorCode,
  type RemoteFetchInit,
  type RemoteResolverOptions,
  type RemoteResponse,
} from './remote-resolver.js';
export {
  createRemoteCache,
  REMOTE_CACHE_LIMITS,
  type CachedDocument,
  type RemoteCache,
  type RemoteCacheLimits,
} from './remote-cache.js';
export { didWebToUrl } from './did-web.js';
export { isPublicAddress } from './ip-ranges.js';
export { combineControllerResolvers } from './resolvers.js';
export { createStatusListVerifier } from './status-list-verifier.js';
export type {
  Check,
  CheckCode,
  CheckId,
  ControllerResolver,
  CredentialFormat,
  CredentialStatusSummary,
  PresentationOptions,
  PresentationReport,
  VerificationReport,
  VerificationSummary,
  VerifyDeps,
} from './types.js';
