import { issuerSlugOfDid } from '../../core/did/did-web.js';
import { buildPublishedProfile, issuerProfileUrl } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { AppError } from '../../errors.js';
import { isStoreUnavailable } from '../../infra/mongo.js';
import type { CredentialDoc } from '../credentials/index.js';
import type { CredentialsService } from '../credentials/credentials.service.js';
import type { IssuersService } from '../issuers/issuers.service.js';
import type { StatusService } from '../status/status.service.js';
import type { OwnRecords, OwnRecordsScope } from './verify.service.js';

/** The id after `<publicUrl>/<section>/`, without query or fragment; undefined for other URLs. */
function localId(url: string, publicUrl: string, section: string): string | undefined {
  const prefix = `${publicUrl}/${section}/`;
  if (!url.startsWith(prefix)) return undefined;
  const id = url.slice(prefix.length).split(/[#?]/, 1)[0] ?? '';
  return /^[A-Za-z0-9-]{1,100}$/.test(id) ? id : undefined;
}

/** What the verifier sees when a read failed: says nothing of addresses, paths or the driver. */
const unreadable = () => new AppError('service-unavailable', 'our own records could not be read just now');

const couldNotCheck = () =>
  new AppError(
    'service-unavailable',
    'The credential could not be checked: the service cannot read its own records just now; try again shortly',
    [],
    { 'Retry-After': '5' },
  );

type Read = <T>(work: () => Promise<T>) => Promise<T | undefined>;

/** Reads that remember the first failure of one verification, and the settlement that answers it. */
function failureScope() {
  let failure: unknown;
  const read: Read = async (work) => {
    try {
      return await work();
    } catch (error) {
      failure ??= error;
      throw unreadable();
    }
  };
  const settle = () => {
    if (failure !== undefined) throw isUnavailable(failure) ? couldNotCheck() : failure;
  };
  return { read, settle };
}

/** A stored credential's status, and the identity it was issued as (its did:web, or its profile URL before the did:web). */
function recordedStatus(doc: CredentialDoc, issuer: IssuerRecord, publicUrl: string) {
  const issuedAs = (doc.credential as { issuer?: { id?: unknown } } | undefined)?.issuer?.id;
  return {
    status: doc.status,
    issuerUrl: typeof issuedAs === 'string' ? issuedAs : issuerProfileUrl(publicUrl, issuer.slug),
  };
}

export interface OwnRecordsDeps {
  issuers: IssuersService;
  status: StatusService;
  credentials: CredentialsService;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  publicUrl: string;
}

/**
 * Our issuers, status lists and credential records, read straight from the store. "Could not check"
 * is never "not genuine": the verifier core turns a resolver error into a failed check, so a read
 * that fails (absence is no failure: the look-ups answer it with undefined) is remembered in the
 * scope of the verification it belongs to, and `settle` answers that verification with 503 (store
 * unavailable) or the error itself (anything else, a logged 500) instead of a verdict. Nothing of the
 * store's error reaches the core's report. (A scope per verification rather than AsyncLocalStorage,
 * whose promise hooks cost every promise of the process ≈3% of the main thread's CPU.)
 */
export function ownRecords(deps: OwnRecordsDeps): () => OwnRecordsScope {
  const { issuers, status, credentials, issuerById, publicUrl } = deps;
  const readers = (read: Read): OwnRecords => ({
    /**
     * By profile URL, or by our issuers' did:web: its DID document is built from the store as
     * `/issuers/<slug>/did.json` serves it, so verifying our credentials needs no network (and works
     * where PUBLIC_URL is not https).
     */
    async profile(url) {
      const didSlug = issuerSlugOfDid(url, publicUrl);
      if (didSlug !== undefined) return read(() => issuers.findDidDocument(didSlug));
      const slug = localId(url, publicUrl, 'issuers');
      const found = slug ? await read(() => issuers.findPublicProfile(slug)) : undefined;
      return found ? buildPublishedProfile(found.issuer, found.keys, publicUrl) : undefined;
    },
    async statusList(url) {
      const listId = localId(url, publicUrl, 'status');
      return listId ? read(() => status.recordedList(listId)) : undefined;
    },
    async credentialStatus(url) {
      const id = localId(url, publicUrl, 'credentials');
      const doc = id ? await read(() => credentials.findPublic(id)) : undefined;
      const issuer = doc ? await read(() => issuerById(doc.issuerId)) : undefined;
      return doc && issuer ? recordedStatus(doc, issuer, publicUrl) : undefined;
    },
  });
  return () => {
    const { read, settle } = failureScope();
    return { records: readers(read), settle };
  };
}

/** The store is down, frozen or busy (our own 503s included): the answer is "try again". */
const isUnavailable = (error: unknown): boolean =>
  isStoreUnavailable(error) || (error instanceof AppError && error.status === 503);
