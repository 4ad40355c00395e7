import { createHash } from 'node:crypto';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createStatusList,
  encodeList,
  setBit,
  type BitstringStatusListEntry,
  type StatusPurpose,
} from '../../core/status/index.js';
import { issuerProfileUrl } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { notFound } from '../../http/errors.js';
import type { StatusRepository } from './status.repository.js';

/** Signs a credential with an issuer's current Ed25519 key (Data Integrity eddsa-rdfc-2022). */
export type SignDataIntegrity = (
  issuer: IssuerRecord,
  credential: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** The set bits of a list, read from the credentials' own status: the one source of truth. */
export type SetIndexes = (listId: string, purpose: StatusPurpose) => Promise<number[]>;

export interface StatusServiceDeps {
  repo: StatusRepository;
  setIndexes: SetIndexes;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  sign: SignDataIntegrity;
  publicUrl: string;
  clock: () => Date;
}

export const statusListUrl = (publicUrl: string, listId: string): string => `${publicUrl}/status/${listId}`;

const dateTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createStatusService({
  repo,
  setIndexes,
  issuerById,
  sign,
  publicUrl,
  clock,
}: StatusServiceDeps) {
  return {
    /** Claims a random free index in an open list of the issuer and returns the entry to embed. */
    async allocate(issuerId: string, purpose: StatusPurpose, credentialId: string) {
      const allocation = await repo.allocate(issuerId, purpose, credentialId);
      const entry: BitstringStatusListEntry = buildStatusEntry({
        listUrl: statusListUrl(publicUrl, allocation.listId),
        index: allocation.index,
        purpose,
      });
      return { allocation, entry };
    },

    release: repo.release,

    /**
     * The signed BitstringStatusListCredential of a list. The bits are recomputed from the credentials'
     * status on every call (cheap: one indexed query and a 16 kB gzip); the list is re-signed only when
     * they differ from the last signed list, so a change can never be lost between two writes.
     */
    async listCredential(listId: string): Promise<{ credential: Record<string, unknown>; etag: string }> {
      const list = await repo.list(listId);
      if (!list) throw notFound('Status list');
      const bits = createStatusList(list.size);
      for (const index of await setIndexes(listId, list.purpose)) setBit(bits, index, true);
      const encodedList = encodeList(bits);
      const etag = `"${createHash('sha256').update(encodedList).digest('base64url').slice(0, 22)}"`;
      if (list.signed?.encodedList === encodedList) return { credential: list.signed.credential, etag };
      const issuer = await issuerById(list.issuerId);
      if (!issuer) throw notFound('Status list');
      const now = clock();
      const unsigned = buildStatusListCredential({
        id: statusListUrl(publicUrl, listId),
        issuer: issuerProfileUrl(publicUrl, issuer.slug),
        statusPurpose: list.purpose,
        encodedList,
        validFrom: dateTime(now),
      });
      const credential = await sign(issuer, unsigned as unknown as Record<string, unknown>);
      await repo.cacheSigned(listId, { encodedList, credential, at: now });
      return { credential, etag };
    },
  };
}

export type StatusService = ReturnType<typeof createStatusService>;
