export {
  MIN_STATUS_LIST_BITS,
  StatusListError,
  type StatusListErrorCode,
  createStatusList,
  getBit,
  setBit,
  encodeList,
  decodeList,
  randomIndex,
} from './bitstring.js';
export {
  buildStatusListCredential,
  buildStatusEntry,
  type BitstringStatusListEntry,
  type StatusListCredential,
  type StatusListCredentialInput,
  type StatusPurpose,
} from './status-list-credential.js';
export {
  createBitstringStatusChecker,
  type BitstringStatusCheckerOptions,
  type CheckStatus,
  type StatusCheckResult,
  type StatusEntryContext,
} from './check-status.js';
