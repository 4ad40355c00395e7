import type { DocumentLoader } from 'jsonld';
import { isEd25519DidKey } from '../../core/did/did-key.js';
import { signDataIntegrity, signVcJwt } from '../../core/ob3/sign.js';
import { issuerIdentities, verificationMethodId } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { AppError } from '../../errors.js';
import type { IssuerKeys } from '../issuers/issuer-keys.repository.js';
import type { CredentialSigner } from './credentials.service.js';

const issuerIdOf = (credential: Record<string, unknown>): unknown => {
  const { issuer } = credential;
  return issuer && typeof issuer === 'object' ? (issuer as { id?: unknown }).id : issuer;
};

/** Only identities of this issuer are signed for; anything else is a bug upstream (a 500). */
const notOurs = (id: unknown) =>
  new AppError('issuer-controller-mismatch', `${String(id)} is not an identity of the signing issuer`);

/**
 * Signs as the identity of the issuer that the credential names in `issuer`:
 * - its did:web (new OB 3.0 credentials and their status lists) or the https URL of its Profile
 *   (status lists opened before the did:web): the newest current keys;
 * - one of its Ed25519 did:keys (status lists of W3C VC-API credentials): that very key, even once
 *   retired, since a did:key resolves to nothing else.
 * Private keys are decrypted only for the signature. The JWT `kid` is the P-256 key's verification
 * method under the credential's issuer id, as the DID document, the Profile and the JWKS list it.
 */
export function createCredentialSigner(
  keys: IssuerKeys,
  documentLoader: DocumentLoader,
  publicUrl: string,
  clock: () => Date,
): CredentialSigner {
  /** did:web or Profile URL of this issuer, or undefined. */
  const webIdentity = (issuer: IssuerRecord, id: unknown): string | undefined => {
    const { did, profileUrl } = issuerIdentities(publicUrl, issuer.slug);
    return id === did || id === profileUrl ? id : undefined;
  };

  const ed25519For = async (issuer: IssuerRecord, id: unknown) => {
    if (webIdentity(issuer, id)) return (await keys.signing(issuer.id)).ed25519;
    if (typeof id === 'string' && isEd25519DidKey(id)) {
      const key = await keys.ed25519(issuer.id, id.slice('did:key:'.length));
      if (key) return key;
    }
    throw notOurs(id);
  };

  return {
    async dataIntegrity(issuer: IssuerRecord, credential: Record<string, unknown>) {
      const controller = issuerIdOf(credential);
      const key = await ed25519For(issuer, controller);
      return signDataIntegrity(credential, {
        key: { controller: controller as string, ...key },
        created: clock(),
        documentLoader,
      });
    },
    async jwt(issuer: IssuerRecord, credential: Record<string, unknown>) {
      const controller = webIdentity(issuer, issuerIdOf(credential));
      if (!controller) throw notOurs(issuerIdOf(credential));
      const { p256 } = await keys.signing(issuer.id);
      const kid = verificationMethodId(controller, {
        type: 'P-256',
        status: 'current',
        publicJwk: p256.publicJwk,
        createdAt: '',
      });
      return signVcJwt(credential, { privateJwk: p256.privateJwk, kid, now: clock() });
    },
  };
}
