/**
 * The key material the VC-API issuer signs with: an Ed25519 key pair in Multikey form (Controlled
 * Identifiers §2.2.2 Multikey), whose did:key is the issuer's identifier.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { didKeyFromMultibase, didKeyVerificationMethodId, isEd25519DidKey } from '../did/did-key.js';
import { IssuerKeyError } from './issue-errors.js';

/** An Ed25519 Multikey pair: `publicKeyMultibase` "z6Mk…", `secretKeyMultibase` "zru…"/"zrv…". */
export interface IssuerKey {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** The did:key the issuer signs as (did:key §3.1.2), e.g. for `validateIssueRequest({issuerDid})`. */
export function issuerDidOf(key: Pick<IssuerKey, 'publicKeyMultibase'>): string {
  const did = key.publicKeyMultibase.startsWith('z6Mk') ? didKeyFromMultibase(key.publicKeyMultibase) : '';
  if (!isEd25519DidKey(did)) throw new IssuerKeyError('the issuer key is not an Ed25519 Multikey public key');
  return did;
}

/** The verification method that proofs reference: `did:key:z6Mk…#z6Mk…`. */
export function issuerVerificationMethodOf(key: Pick<IssuerKey, 'publicKeyMultibase'>): string {
  return didKeyVerificationMethodId(issuerDidOf(key));
}

async function importKeyPair(key: IssuerKey): Promise<Ed25519MultikeyKeyPair> {
  const did = issuerDidOf(key);
  try {
    return await Ed25519Multikey.from({
      type: 'Multikey',
      id: didKeyVerificationMethodId(did),
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
      secretKeyMultibase: key.secretKeyMultibase,
    });
  } catch (error) {
    throw new IssuerKeyError(`the issuer key cannot be imported: ${(error as Error).message}`);
  }
}

/**
 * A signer for the Data Integrity suite, after proving that the secret key belongs to the public key
 * (a mismatched pair would produce credentials that never verify).
 */
export async function createIssuerSigner(
  key: IssuerKey,
): Promise<ReturnType<Ed25519MultikeyKeyPair['signer']>> {
  const keyPair = await importKeyPair(key);
  const signer = keyPair.signer();
  const data = new TextEncoder().encode('tilts issuer key check');
  const signature = await signer.sign({ data });
  if (!(await keyPair.verifier().verify({ data, signature }))) {
    throw new IssuerKeyError('the issuer secret key does not match its public key');
  }
  return signer;
}
