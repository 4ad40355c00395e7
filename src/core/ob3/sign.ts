import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import type { DocumentLoader } from 'jsonld';
import type { Cryptosuite } from '../jsonld/reused-expansion.js';
import { importEd25519Signer, verificationMethodId, type Ed25519Signer } from '../keys/ed25519.js';
import type { P256PrivateJwk } from '../keys/p256.js';
import { numericDate, toDateTimeZ } from './dates.js';
import { ob3Error } from './errors.js';
import { asArray, isRecord } from './issues.js';

export interface DataIntegrityKey {
  /** the issuer's id (its controller document); must equal the credential's `issuer.id` */
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  created: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

type Credential = Record<string, unknown>;

function issuerId(credential: Credential): string | undefined {
  const { issuer } = credential;
  if (typeof issuer === 'string') return issuer;
  return isRecord(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/** The key's signer, after checking that the secret key belongs to the public key it claims. */
export async function importDataIntegrityKey(key: DataIntegrityKey): Promise<DataIntegritySigner> {
  try {
    const signer = await importEd25519Signer(
      key,
      verificationMethodId(key.controller, key.publicKeyMultibase),
    );
    return { ...signer, controller: key.controller };
  } catch (error) {
    throw ob3Error('invalid-key', '/key', `not a usable Ed25519 Multikey pair: ${(error as Error).message}`);
  }
}

/** An imported issuer key: signs as `<controller>#<publicKeyMultibase>` (see {@link importDataIntegrityKey}). */
export interface DataIntegritySigner extends Ed25519Signer {
  controller: string;
}

export interface SignDataIntegrityOptions {
  /** the key pair, or the signer {@link importDataIntegrityKey} made of it (kept, it imports nothing) */
  key: DataIntegrityKey | DataIntegritySigner;
  created: Date | string;
  documentLoader: DocumentLoader;
  /**
   * eddsa-rdfc-2022 as `createEddsaRdfc2022Cryptosuite` makes it (reusing expansions already made);
   * default: the cryptosuite package as it is. Either gives the same proof bytes.
   */
  cryptosuite?: Cryptosuite;
}

/**
 * Adds a Data Integrity proof (VC Data Integrity 1.0 §4.2 "Add Proof"; VC-DI-EDDSA §3.3
 * eddsa-rdfc-2022) with `proofPurpose: assertionMethod` and verification method
 * `<controller>#<publicKeyMultibase>` (OB 3.0 §8.3 "Linked Data Proof Format"). Signing needs only
 * the contexts from `documentLoader`: the verification method is dereferenced on verification, not here.
 * The input is not modified.
 */
export async function signDataIntegrity<T extends Credential>(
  credential: T,
  options: SignDataIntegrityOptions,
): Promise<T & { proof: DataIntegrityProofValue }> {
  const { key, documentLoader } = options;
  if (issuerId(credential) !== key.controller) {
    throw ob3Error(
      'issuer-controller-mismatch',
      '/issuer',
      'the issuer id must be the signing key controller',
    );
  }
  const suite = new DataIntegrityProof({
    signer: 'sign' in key ? key : await importDataIntegrityKey(key),
    date: toDateTimeZ(options.created, '/created'),
    cryptosuite: options.cryptosuite ?? eddsaRdfc2022,
  });
  const signed = await vc.issue({ credential: structuredClone(credential), suite, documentLoader });
  return signed as T & { proof: DataIntegrityProofValue };
}

export interface VcJwtOptions {
  /** the issuer's P-256 private key, as a JWK or as the key {@link importVcJwtKey} made of it */
  privateJwk: P256PrivateJwk | VcJwtKey;
  /** JOSE `kid`: a URI dereferencing to the public JWK (e.g. from `jwtKeyId`) */
  kid: string;
  /** the signing time, written as `iat` */
  now: Date | string;
  /**
   * Also put the credential in the `vc` claim (default true), for verifiers that follow OB 3.0 with
   * VC 1.1 (and the 1EdTech validator, which reads `vc` when present).
   */
  includeVcClaim?: boolean;
}

/** An imported ES256 private key: keep it, and no signature imports the JWK again. */
export interface VcJwtKey {
  key: CryptoKey | Uint8Array;
}

/** Imports a P-256 private JWK for ES256 (RFC 7518 §3.4) once. */
export async function importVcJwtKey(privateJwk: P256PrivateJwk): Promise<VcJwtKey> {
  try {
    return { key: await importJWK({ ...privateJwk }, 'ES256') };
  } catch (error) {
    throw ob3Error('invalid-key', '/privateJwk', `not a P-256 private JWK: ${(error as Error).message}`);
  }
}

function requiredString(value: unknown, pointer: string, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw ob3Error('invalid-input', pointer, `${what} is required`);
  return value;
}

/** A credential date-time as a JWT NumericDate. */
function claimDate(value: unknown, pointer: string): number {
  return numericDate(toDateTimeZ(requiredString(value, pointer, pointer.slice(1)), pointer));
}

/**
 * The registered claims OB 3.0 §8.2 "JWT Payload Format" derives from the credential: `iss` =
 * issuer.id, `jti` = id, `nbf` = validFrom, `sub` = credentialSubject.id, `exp` = validUntil (VC 1.1
 * credentials: issuanceDate and expirationDate).
 */
export function vcJwtClaims(credential: Credential): JWTPayload {
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const sub = subject?.id;
  if (typeof sub !== 'string' || sub === '') {
    throw ob3Error(
      'learner-did-required',
      '/credentialSubject/id',
      'a VC-JWT needs the learner DID as `sub`',
    );
  }
  const claims: JWTPayload = {
    iss: requiredString(issuerId(credential), '/issuer', 'issuer.id'),
    jti: requiredString(credential.id, '/id', 'the credential id'),
    nbf: claimDate(credential.validFrom ?? credential.issuanceDate, '/validFrom'),
    sub,
  };
  const validUntil = credential.validUntil ?? credential.expirationDate;
  if (validUntil !== undefined) claims.exp = claimDate(validUntil, '/validUntil');
  return claims;
}

/**
 * Secures a credential as a VC-JWT (OB 3.0 §8.2 "JSON Web Token Proof Format"): JOSE header
 * `{alg: "ES256", typ: "JWT", kid}` and, as OB 3.0 with VC 2.0 specifies, a payload that is the
 * credential itself plus the claims `iss`, `jti`, `nbf`, `sub` and (with `validUntil`) `exp`, and `iat`.
 * The credential is also in the `vc` claim unless `includeVcClaim` is false. Returns the compact JWS.
 * Throws `learner-did-required` when the subject has no id.
 */
export async function signVcJwt(credential: Credential, options: VcJwtOptions): Promise<string> {
  const claims = vcJwtClaims(credential);
  const { privateJwk } = options;
  const { key } = 'key' in privateJwk ? privateJwk : await importVcJwtKey(privateJwk);
  const payload: JWTPayload = { ...structuredClone(credential), ...claims };
  if (options.includeVcClaim !== false) payload.vc = structuredClone(credential);
  payload.iat = numericDate(toDateTimeZ(options.now, '/now'));
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: options.kid }).sign(key);
}
