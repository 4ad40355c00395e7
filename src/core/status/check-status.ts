import { AppError } from '../../errors.js';
import { decodeList, getBit, StatusListError } from './bitstring.js';

/** The answer a status check gives about one `credentialStatus` entry. */
export interface StatusCheckResult {
  /** `unknown`: the status could not be established — never to be read as "not revoked" */
  status: 'ok' | 'revoked' | 'suspended' | 'unknown';
  detail: string;
  /** why an `unknown` could not be established, when it is this verification's fetch budget */
  code?: 'remote-fetch-budget-exhausted';
  /** something a person should know although the status was read (e.g. another issuer's list) */
  warning?: string;
}

/** What the checker may know about the credential whose entry it checks. */
export interface StatusEntryContext {
  /** the credential's issuer id */
  issuer?: string;
}

/** Checks one `credentialStatus` entry. */
export type CheckStatus = (
  entry: Record<string, unknown>,
  context?: StatusEntryContext,
) => Promise<StatusCheckResult>;

export interface BitstringStatusCheckerOptions {
  /** Dereferences a `statusListCredential` URL; undefined (or a throw) when it cannot be retrieved. */
  fetchStatusList: (url: string) => Promise<unknown>;
  /**
   * Verifies the list credential's proofs. Leave it out only for lists read from our own store,
   * which are trusted as stored.
   */
  verifyListCredential?: (
    credential: Record<string, unknown>,
  ) => Promise<{ verified: boolean; detail?: string; code?: StatusCheckResult['code'] }>;
  now: () => Date;
}

type Fetched = { list: Record<string, unknown> } | { failed: StatusCheckResult };

const unknown = (detail: string, code?: StatusCheckResult['code']): StatusCheckResult => ({
  status: 'unknown',
  detail,
  ...(code ? { code } : {}),
});

const budgetCode = (error: unknown): StatusCheckResult['code'] =>
  error instanceof AppError && error.code === 'remote-fetch-budget-exhausted' ? error.code : undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function entryIndex(entry: Record<string, unknown>): number | StatusCheckResult {
  if (entry.type !== 'BitstringStatusListEntry') {
    return unknown(`status type ${JSON.stringify(entry.type)} is not supported`);
  }
  if (entry.statusSize !== undefined && entry.statusSize !== 1) {
    return unknown('status entries wider than one bit are not supported');
  }
  const raw = entry.statusListIndex;
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]*)$/.test(raw)) {
    return unknown('statusListIndex must be a base-10 integer string');
  }
  const index = Number(raw);
  return Number.isSafeInteger(index) ? index : unknown('statusListIndex is out of range');
}

async function fetchList(url: unknown, options: BitstringStatusCheckerOptions): Promise<Fetched> {
  const fail = (detail: string, code?: StatusCheckResult['code']): Fetched => ({
    failed: unknown(detail, code),
  });
  if (typeof url !== 'string' || url === '') return fail('statusListCredential is missing');
  let list: unknown;
  try {
    list = await options.fetchStatusList(url);
  } catch (error) {
    return fail(`status list ${url} could not be retrieved: ${(error as Error).message}`, budgetCode(error));
  }
  if (!isRecord(list)) return fail(`status list ${url} could not be retrieved`);
  if (!asArray(list.type).includes('BitstringStatusListCredential')) {
    return fail(`${url} is not a BitstringStatusListCredential`);
  }
  if (options.verifyListCredential) {
    const result = await options.verifyListCredential(list).catch((error: Error) => ({
      verified: false,
      detail: error.message,
      code: budgetCode(error),
    }));
    if (!result.verified)
      return fail(`status list ${url} does not verify: ${result.detail ?? 'proof failed'}`, result.code);
  }
  return { list };
}

function listWindowProblem(list: Record<string, unknown>, now: Date): string | undefined {
  const from = typeof list.validFrom === 'string' ? Date.parse(list.validFrom) : NaN;
  const until = typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : NaN;
  if (!Number.isNaN(from) && now.getTime() < from) return 'the status list is not yet valid';
  if (!Number.isNaN(until) && now.getTime() > until) return 'the status list has expired';
  return undefined;
}

function readBit(list: Record<string, unknown>, purpose: string, index: number): boolean | StatusCheckResult {
  const subject = asArray(list.credentialSubject).find(isRecord);
  if (!subject || !asArray(subject.statusPurpose).includes(purpose)) {
    return unknown(`the status list does not serve the purpose "${purpose}"`);
  }
  try {
    return getBit(decodeList(String(subject.encodedList)), index);
  } catch (error) {
    const code = error instanceof StatusListError ? `${error.code}: ` : '';
    return unknown(`${code}${(error as Error).message}`);
  }
}

/**
 * Bitstring Status List v1.0 expects the list to come from the credential's own issuer; a list signed
 * by someone else is read (its proof verified), and the difference reported for a person to judge.
 */
function issuerWarning(list: Record<string, unknown>, context: StatusEntryContext): string | undefined {
  const listIssuer = asArray(list.issuer).map((i) => (isRecord(i) ? i.id : i))[0];
  if (context.issuer === undefined || listIssuer === context.issuer) return undefined;
  return `the status list ${String(list.id)} is issued by ${String(listIssuer)}, not by the credential's issuer ${context.issuer}`;
}

/**
 * A `checkStatus` for `BitstringStatusListEntry` entries, following Bitstring Status List v1.0,
 * "Validate Algorithm": dereference and verify the list credential, match the status purpose, expand
 * the bitstring (refusing lists under the 131,072-entry minimum) and read the entry's bit. Every
 * failure along the way is `unknown`, never `ok`.
 */
export function createBitstringStatusChecker(options: BitstringStatusCheckerOptions): CheckStatus {
  return async (entry, context = {}) => {
    const index = entryIndex(entry);
    if (typeof index !== 'number') return index;
    const purpose = String(entry.statusPurpose);
    if (purpose !== 'revocation' && purpose !== 'suspension') {
      return unknown(`status purpose "${purpose}" is not supported`);
    }
    const fetched = await fetchList(entry.statusListCredential, options);
    if ('failed' in fetched) return fetched.failed;
    const { list } = fetched;
    const windowProblem = listWindowProblem(list, options.now());
    if (windowProblem) return unknown(windowProblem);
    const bit = readBit(list, purpose, index);
    if (typeof bit !== 'boolean') return bit;
    const warning = issuerWarning(list, context);
    const result: StatusCheckResult = bit
      ? {
          status: purpose === 'revocation' ? 'revoked' : 'suspended',
          detail: `${purpose} bit ${index} is set`,
        }
      : { status: 'ok', detail: `${purpose} bit ${index} is not set` };
    return warning ? { ...result, warning } : result;
  };
}
