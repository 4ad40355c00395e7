import { buildPublishedProfile, issuerProfileUrl } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { unlessNotFound } from '../../errors.js';
import type { CredentialsService } from '../credentials/credentials.service.js';
import type { IssuersService } from '../issuers/issuers.service.js';
import type { StatusService } from '../status/status.service.js';
import type { OwnRecords } from './verify.service.js';

/** The id after `<publicUrl>/<section>/`, without query or fragment; undefined for other URLs. */
function localId(url: string, publicUrl: string, section: string): string | undefined {
  const prefix = `${publicUrl}/${section}/`;
  if (!url.startsWith(prefix)) return undefined;
  const id = url.slice(prefix.length).split(/[#?]/, 1)[0] ?? '';
  return /^[A-Za-z0-9-]{1,100}$/.test(id) ? id : undefined;
}

/** Our issuers, status lists and credential records, read straight from the store. */
export function ownRecords(deps: {
  issuers: IssuersService;
  status: StatusService;
  credentials: CredentialsService;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  publicUrl: string;
}): OwnRecords {
  const { issuers, status, credentials, issuerById, publicUrl } = deps;
  return {
    async profile(url) {
      const slug = localId(url, publicUrl, 'issuers');
      const found = slug ? await unlessNotFound(issuers.publicProfile(slug)) : undefined;
      return found ? buildPublishedProfile(found.issuer, found.keys, publicUrl) : undefined;
    },
    async statusList(url) {
      const listId = localId(url, publicUrl, 'status');
      return listId ? status.recordedList(listId) : undefined;
    },
    async credentialStatus(url) {
      const id = localId(url, publicUrl, 'credentials');
      const doc = id ? await unlessNotFound(credentials.getPublic(id)) : undefined;
      const issuer = doc ? await issuerById(doc.issuerId) : undefined;
      // the identity the record was issued as (its did:web, or its profile URL before the did:web)
      const issuedAs = (doc?.credential as { issuer?: { id?: unknown } } | undefined)?.issuer?.id;
      return doc && issuer
        ? {
            status: doc.status,
            issuerUrl: typeof issuedAs === 'string' ? issuedAs : issuerProfileUrl(publicUrl, issuer.slug),
          }
        : undefined;
    },
  };
}
