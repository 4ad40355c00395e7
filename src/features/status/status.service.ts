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

export interface StatusServiceDeps {
  repo: StatusRepository;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  sign: SignDataIntegrity;
  publicUrl: string;
  clock: () => Date;
}

export const statusListUrl = (publicUrl: string, listId: string): string => `${publicUrl}/status/${listId}`;

export function createStatusService({ repo, issuerById, sign, publicUrl, clock }: StatusServiceDeps) {
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
    setBit: repo.setBit,
    getBit: repo.getBit,

    /**
     * The signed BitstringStatusListCredential of a list, regenerated only when a bit changed since it
     * was last signed. `version` serves as the ETag.
     */
    async listCredential(listId: string): Promise<{ credential: Record<string, unknown>; version: number }> {
      const list = await repo.list(listId);
      if (!list) throw notFound('Status list');
      if (list.signed && list.signed.version === list.version)
        return { credential: list.signed.credential, version: list.version };
      const issuer = await issuerById(list.issuerId);
      if (!issuer) throw notFound('Status list');
      const bits = createStatusList(list.size);
      for (const index of await repo.setIndexes(listId)) setBit(bits, index, true);
      const now = clock();
      const unsigned = buildStatusListCredential({
        id: statusListUrl(publicUrl, listId),
        issuer: issuerProfileUrl(publicUrl, issuer.slug),
        statusPurpose: list.purpose,
        encodedList: encodeList(bits),
        validFrom: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      const credential = await sign(issuer, unsigned as unknown as Record<string, unknown>);
      await repo.cacheSigned(listId, list.version, credential, now);
      return { credential, version: list.version };
    },
  };
}

export type StatusService = ReturnType<typeof createStatusService>;
