import type { DocumentLoader } from 'jsonld';
import { signDataIntegrity, signVcJwt } from '../../core/ob3/sign.js';
import { issuerProfileUrl, verificationMethodId } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import type { IssuerKeys } from '../issuers/issuer-keys.repository.js';
import type { CredentialSigner } from './credentials.service.js';

/**
 * Signs with the issuer's newest current keys, decrypted only for the signature. The JWT `kid` is the
 * P-256 key's verification method in the issuer profile, which is also its `kid` in the JWKS.
 */
export function createCredentialSigner(
  keys: IssuerKeys,
  documentLoader: DocumentLoader,
  publicUrl: string,
  clock: () => Date,
): CredentialSigner {
  return {
    async dataIntegrity(issuer: IssuerRecord, credential: Record<string, unknown>) {
      const { ed25519 } = await keys.signing(issuer.id);
      const controller = issuerProfileUrl(publicUrl, issuer.slug);
      return signDataIntegrity(credential, {
        key: { controller, ...ed25519 },
        created: clock(),
        documentLoader,
      });
    },
    async jwt(issuer: IssuerRecord, credential: Record<string, unknown>) {
      const { p256 } = await keys.signing(issuer.id);
      const profileUrl = issuerProfileUrl(publicUrl, issuer.slug);
      const kid = verificationMethodId(profileUrl, {
        type: 'P-256',
        status: 'current',
        publicJwk: p256.publicJwk,
        createdAt: '',
      });
      return signVcJwt(credential, { privateJwk: p256.privateJwk, kid, now: clock() });
    },
  };
}
