import { createPrivateKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { KeyError } from './errors.js';

/** An issuer's Ed25519 key in Multikey form; the infra layer encrypts `secretKeyMultibase` at rest. */
export interface Ed25519KeyMaterial {
  /** base58btc multibase of multicodec 0xed01 + public key, always `z6Mk…` */
  publicKeyMultibase: string;
  /** base58btc multibase of multicodec 0x8026 + 32-byte seed + public key, `zru…`/`zrv…` */
  secretKeyMultibase: string;
}

/** A Multikey verification method as listed in a controller document (Controlled Identifiers §2.2.2). */
export interface MultikeyVerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

const PUBLIC_MULTIBASE = /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,46}$/;

export function isEd25519PublicKeyMultibase(value: unknown): value is string {
  return typeof value === 'string' && PUBLIC_MULTIBASE.test(value);
}

/**
 * Generates an Ed25519 key pair for Data Integrity `eddsa-rdfc-2022` proofs (VC-DI-EDDSA §2.1.1
 * Multikey). A 32-byte `seed` makes the key deterministic (tests); without one the key is random.
 */
export async function generateEd25519Key(options: { seed?: Uint8Array } = {}): Promise<Ed25519KeyMaterial> {
  if (options.seed !== undefined && options.seed.length !== 32) {
    throw new KeyError('invalid-key', 'an Ed25519 seed is 32 bytes');
  }
  const keyPair = await Ed25519Multikey.generate(options.seed ? { seed: options.seed } : {});
  const { publicKeyMultibase, secretKeyMultibase } = keyPair;
  if (!secretKeyMultibase) throw new KeyError('invalid-key', 'generated key has no secret part');
  return { publicKeyMultibase, secretKeyMultibase };
}

/** Verification method id: `<controller>#<publicKeyMultibase>` (the form Tilts publishes and signs with). */
export function verificationMethodId(controller: string, publicKeyMultibase: string): string {
  return `${controller}#${publicKeyMultibase}`;
}

/** The public verification method an issuer's controller document lists under `assertionMethod`. */
export function multikeyVerificationMethod(
  controller: string,
  publicKeyMultibase: string,
): MultikeyVerificationMethod {
  if (!isEd25519PublicKeyMultibase(publicKeyMultibase)) {
    throw new KeyError('invalid-key', 'not an Ed25519 Multikey public key (z6Mk…)');
  }
  return {
    id: verificationMethodId(controller, publicKeyMultibase),
    type: 'Multikey',
    controller,
    publicKeyMultibase,
  };
}

/**
 * Checks that the secret key belongs to the public key (e.g. after decrypting a stored key) by
 * importing the pair and signing/verifying a probe message.
 */
export async function assertEd25519KeyPair(key: Ed25519KeyMaterial): Promise<void> {
  try {
    const pair = await Ed25519Multikey.from({ type: 'Multikey', ...key });
    const data = new TextEncoder().encode('tilts key check');
    const signature = await pair.signer().sign({ data });
    if (await pair.verifier().verify({ data, signature })) return;
  } catch {
    // fall through: a key that fails to import is as unusable as one that fails to verify
  }
  throw new KeyError('invalid-key', 'the Ed25519 secret key does not match its public key');
}

/** A Data Integrity signer (the interface @digitalbazaar/data-integrity calls) over a node KeyObject. */
export interface Ed25519Signer {
  /** the verification method id the proof names */
  id: string;
  algorithm: 'Ed25519';
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * Imports an Ed25519 Multikey pair once (VC-DI-EDDSA §2.1.1 Multikey) into node KeyObjects, checks
 * with a probe signature that the secret key belongs to the public key, and returns a signer that
 * signs with the imported key: keep it, and no signature imports the key again.
 */
export async function importEd25519Signer(key: Ed25519KeyMaterial, id: string): Promise<Ed25519Signer> {
  let privateKey: KeyObject;
  try {
    const pair = await Ed25519Multikey.from({ type: 'Multikey', ...key });
    const jwk = (await Ed25519Multikey.toJwk({ keyPair: pair, secretKey: true })) as JsonWebKey;
    // the Multikey secret is seed ‖ public key (RFC 8032 §5.1.5 keeps the two apart); a JWK `d` is the seed
    const d = Buffer.from(String(jwk.d), 'base64url').subarray(0, 32).toString('base64url');
    privateKey = createPrivateKey({ key: { ...jwk, d }, format: 'jwk' });
    const probe = new TextEncoder().encode('tilts key check');
    if (!(await pair.verifier().verify({ data: probe, signature: sign(null, probe, privateKey) })))
      throw new Error('mismatch');
  } catch {
    throw new KeyError('invalid-key', 'the Ed25519 secret key does not match its public key');
  }
  return {
    id,
    algorithm: 'Ed25519',
    sign: async ({ data }) => new Uint8Array(sign(null, data, privateKey)),
  };
}
