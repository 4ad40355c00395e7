import {
  buildStatusEntry,
  buildStatusListCredential,
  encodeList,
  type BitstringStatusListEntry,
  type StatusPurpose,
} from '../../core/status/index.js';
import { issuerIdentities } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { coalesce } from '../../core/coalesce.js';
import { notFound } from '../../errors.js';
import type { StatusListDoc, StatusListIdentity } from './status.model.js';
import type { StatusRepository } from './status.repository.js';

/** Signs a credential as the issuer identity it names (Data Integrity eddsa-rdfc-2022). */
export type SignDataIntegrity = (
  issuer: IssuerRecord,
  credential: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

export interface StatusServiceDeps {
  repo: StatusRepository;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  sign: SignDataIntegrity;
  publicUrl: string;
  clock: () => Date;
}

export const statusListUrl = (publicUrl: string, listId: string): string => `${publicUrl}/status/${listId}`;

const dateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The `issuer` of a list: the identity its credentials were issued as (see StatusListIdentity). */
function listIssuer(list: StatusListDoc, issuer: IssuerRecord, publicUrl: string): string {
  const { did, profileUrl } = issuerIdentities(publicUrl, issuer.slug);
  if (list.identity === undefined) return profileUrl;
  return list.identity === 'did:web' ? did : list.identity;
}

function unsignedList(
  { publicUrl, clock }: StatusServiceDeps,
  listId: string,
  list: StatusListDoc,
  issuer: IssuerRecord,
): Record<string, unknown> {
  return buildStatusListCredential({
    id: statusListUrl(publicUrl, listId),
    issuer: listIssuer(list, issuer, publicUrl),
    statusPurpose: list.purpose,
    encodedList: encodeList(new Uint8Array(list.bits)),
    validFrom: dateTime(clock()),
  }) as unknown as Record<string, unknown>;
}

/**
 * The signed BitstringStatusListCredential of a list: one document read, re-signed only when a bit
 * changed since it was last signed. Its issuer is the list's identity, so it is signed by a key
 * the verifiers of its credentials resolve. The ETag names the list version.
 */
async function listCredential(
  deps: StatusServiceDeps,
  listId: string,
): Promise<{ credential: Record<string, unknown>; etag: string }> {
  const { repo } = deps;
  const list = await repo.list(listId);
  if (!list) throw notFound('Status list');
  const etag = `"${listId}.${list.version}"`;
  if (list.signed?.version === list.version) return { credential: list.signed.credential, etag };
  const issuer = await deps.issuerById(list.issuerId);
  if (!issuer) throw notFound('Status list');
  const credential = await deps.sign(issuer, unsignedList(deps, listId, list, issuer));
  await repo.cacheSigned(listId, { version: list.version, credential, at: deps.clock() });
  return { credential, etag };
}

/**
 * Our own verifier's read of a list: one document read, nothing signed or written. The signed
 * list credential when it holds the current bits, else the current bits as an unsigned list
 * credential: our store is the authority on our lists, so neither needs verifying.
 */
async function recordedList(
  deps: StatusServiceDeps,
  listId: string,
): Promise<Record<string, unknown> | undefined> {
  const list = await deps.repo.list(listId);
  if (!list) return undefined;
  if (list.signed?.version === list.version) return list.signed.credential;
  const issuer = await deps.issuerById(list.issuerId);
  return issuer ? unsignedList(deps, listId, list, issuer) : undefined;
}

export function createStatusService(deps: StatusServiceDeps) {
  const { repo, publicUrl } = deps;
  /**
   * Concurrent changes to one list share its signing: one signature covers every bit written before
   * it began, so eight revocations at once on one list are about two signatures, not eight.
   */
  const resign = coalesce(async (listId) => {
    await listCredential(deps, listId);
  });
  return {
    /**
     * Claims a random free index in an open list of the issuer and returns the entry to embed. The
     * list is issued as `identity`, which must be the credential's issuer: its did:web by default
     * (OB 3.0 credentials), the signing did:key for W3C VC-API credentials.
     */
    async allocate(
      issuerId: string,
      purpose: StatusPurpose,
      credentialId: string,
      identity: StatusListIdentity = 'did:web',
    ) {
      const allocation = await repo.allocate(issuerId, purpose, credentialId, identity);
      const entry: BitstringStatusListEntry = buildStatusEntry({
        listUrl: statusListUrl(publicUrl, allocation.listId),
        index: allocation.index,
        purpose,
      });
      return { allocation, entry };
    },

    /** the issuance still runs (see StatusRepository) */
    renew: repo.renew,
    /** the credential holding these allocations is stored */
    bind: repo.bind,
    /** gives back a pending index whose credential was never stored */
    release: repo.release,
    /** allocations not known to be stored: issuances in flight and dead ones (the reclaimer's work) */
    pending: repo.pending,

    /** Sets or clears the bits of a credential's entries of one purpose. */
    async setBits(
      refs: Array<{ listId: string; index: number; purpose: StatusPurpose }>,
      purpose: StatusPurpose,
      value: boolean,
    ) {
      const changed = refs.filter((r) => r.purpose === purpose);
      for (const ref of changed) await repo.setBit(ref.listId, ref.index, value);
      // re-signed now, so that no read has to (a failure here leaves it to the next GET)
      for (const listId of new Set(changed.map((r) => r.listId))) await resign(listId).catch(() => undefined);
    },

    listCredential: (listId: string) => listCredential(deps, listId),
    recordedList: (listId: string) => recordedList(deps, listId),
  };
}

export type StatusService = ReturnType<typeof createStatusService>;
