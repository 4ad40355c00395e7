import type { DocumentLoader } from 'jsonld';
import { isEd25519DidKey } from '../../core/did/did-key.js';
import type { Cryptosuite } from '../../core/jsonld/reused-expansion.js';
import {
  importDataIntegrityKey,
  importVcJwtKey,
  signDataIntegrity,
  signVcJwt,
  type DataIntegrityKey,
  type DataIntegritySigner,
  type VcJwtKey,
} from '../../core/ob3/sign.js';
import { issuerIdentities, verificationMethodId } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import { AppError } from '../../errors.js';
import type { Ed25519Secret, IssuerKeys, P256Secret } from '../issuers/issuer-keys.repository.js';
import type { CredentialSigner } from './issue/seal.js';

const issuerIdOf = (credential: Record<string, unknown>): unknown => {
  const { issuer } = credential;
  return issuer && typeof issuer === 'object' ? (issuer as { id?: unknown }).id : issuer;
};

/** Only identities of this issuer are signed for; anything else is a bug upstream (a 500). */
const notOurs = (id: unknown) =>
  new AppError('issuer-controller-mismatch', `${String(id)} is not an identity of the signing issuer`);

export interface SignerOptions {
  /** eddsa-rdfc-2022 reusing the validation's expansion (default: the cryptosuite package as it is) */
  cryptosuite?: Cryptosuite & { reused?: { documents: number; proofConfigurations: number } };
  /** sees every Data Integrity proof made, with its key (tests compare it with the plain library's) */
  onProof?: (proof: {
    unsigned: Record<string, unknown>;
    signed: Record<string, unknown>;
    key: DataIntegrityKey;
    documentLoader: DocumentLoader;
    /** the cryptosuite's live count of canonicalizations that reused an expansion */
    reused?: { documents: number; proofConfigurations: number };
  }) => Promise<void>;
}

/** did:web or Profile URL of this issuer, or undefined. */
function webIdentity(publicUrl: string, issuer: IssuerRecord, id: unknown): string | undefined {
  const { did, profileUrl } = issuerIdentities(publicUrl, issuer.slug);
  return id === did || id === profileUrl ? id : undefined;
}

/**
 * The Ed25519 key that `id` names: the current one for the issuer's did:web or Profile URL; for one
 * of its did:keys, that very key, current or retired (a did:key resolves to nothing else).
 */
async function ed25519For(
  keys: IssuerKeys,
  publicUrl: string,
  issuer: IssuerRecord,
  id: unknown,
): Promise<Ed25519Secret> {
  if (webIdentity(publicUrl, issuer, id)) return (await keys.signing(issuer.id)).ed25519;
  if (typeof id === 'string' && isEd25519DidKey(id)) {
    const publicKeyMultibase = id.slice('did:key:'.length);
    // the current key (W3C VC-API credentials are issued as it): the very key object did:web signs with
    const { ed25519 } = await keys.signing(issuer.id);
    if (ed25519.publicKeyMultibase === publicKeyMultibase) return ed25519;
    const key = await keys.ed25519(issuer.id, publicKeyMultibase);
    if (key) return key;
  }
  throw notOurs(id);
}

/**
 * Imports an Ed25519 key for a controller once per decrypted key object (which lives as long as the
 * key cache keeps it): no key import per credential. A failed import is forgotten, to be tried again.
 */
function dataIntegrityImports(): (secret: Ed25519Secret, controller: string) => Promise<DataIntegritySigner> {
  const edSigners = new WeakMap<Ed25519Secret, Map<string, Promise<DataIntegritySigner>>>();
  return (secret, controller) => {
    const byController = edSigners.get(secret) ?? new Map<string, Promise<DataIntegritySigner>>();
    edSigners.set(secret, byController);
    let signer = byController.get(controller);
    if (!signer) {
      signer = importDataIntegrityKey({ controller, ...secret });
      byController.set(controller, signer);
      signer.catch(() => byController.delete(controller));
    }
    return signer;
  };
}

/** The P-256 key imported once per decrypted key object, as for Ed25519 (a failed import is forgotten). */
function vcJwtImports(): (secret: P256Secret) => Promise<VcJwtKey> {
  const jwtKeys = new WeakMap<P256Secret, Promise<VcJwtKey>>();
  return (secret) => {
    let key = jwtKeys.get(secret);
    if (!key) {
      key = importVcJwtKey(secret.privateJwk);
      jwtKeys.set(secret, key);
      key.catch(() => jwtKeys.delete(secret));
    }
    return key;
  };
}

/** Data Integrity (eddsa-rdfc-2022) as whatever identity of the issuer the credential names. */
function dataIntegritySigning(
  keys: IssuerKeys,
  documentLoader: DocumentLoader,
  publicUrl: string,
  clock: () => Date,
  { cryptosuite, onProof }: SignerOptions,
): CredentialSigner['dataIntegrity'] {
  const imported = dataIntegrityImports();
  return async (issuer, credential) => {
    const controller = issuerIdOf(credential) as string;
    const secret = await ed25519For(keys, publicUrl, issuer, controller);
    const key = await imported(secret, controller);
    const signed = await signDataIntegrity(credential, {
      key,
      created: clock(),
      documentLoader,
      cryptosuite,
    });
    await onProof?.({
      unsigned: credential,
      signed,
      key: { controller, ...secret },
      documentLoader,
      reused: cryptosuite?.reused,
    });
    return signed;
  };
}

/**
 * VC-JWT (ES256) as the issuer's did:web or Profile URL only (a did:key names an Ed25519 key), with
 * the current P-256 key; the `kid` is that key's verification method as the DID document lists it.
 */
function vcJwtSigning(keys: IssuerKeys, publicUrl: string, clock: () => Date): CredentialSigner['jwt'] {
  const jwtKey = vcJwtImports();
  return async (issuer, credential) => {
    const controller = webIdentity(publicUrl, issuer, issuerIdOf(credential));
    if (!controller) throw notOurs(issuerIdOf(credential));
    const { p256 } = await keys.signing(issuer.id);
    const kid = verificationMethodId(controller, {
      type: 'P-256',
      status: 'current',
      publicJwk: p256.publicJwk,
      createdAt: '',
    });
    return signVcJwt(credential, { privateJwk: await jwtKey(p256), kid, now: clock() });
  };
}

/**
 * Signs as the identity of the issuer that the credential names in `issuer`:
 * - its did:web (new OB 3.0 credentials and their status lists) or the https URL of its Profile
 *   (status lists opened before the did:web): the newest current keys;
 * - one of its Ed25519 did:keys (W3C VC-API credentials and their status lists): that very key, even
 *   once retired, since a did:key resolves to nothing else.
 * Keys come decrypted from `keys` (cached there for a short while, see cacheSigningKeys) and are
 * imported once per decrypted key object: no key import and no probe signature per credential. The
 * JWT `kid` is the P-256 key's verification method under the credential's issuer id, as the DID
 * document, the Profile and the JWKS list it. `cryptosuite` canonicalizes reusing the expansion the
 * validation made (core/jsonld/reused-expansion.ts).
 */
export function createCredentialSigner(
  keys: IssuerKeys,
  documentLoader: DocumentLoader,
  publicUrl: string,
  clock: () => Date,
  options: SignerOptions = {},
): CredentialSigner {
  return {
    dataIntegrity: dataIntegritySigning(keys, documentLoader, publicUrl, clock, options),
    jwt: vcJwtSigning(keys, publicUrl, clock),
  };
}
