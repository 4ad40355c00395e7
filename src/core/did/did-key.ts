import { CONTEXTS } from '../jsonld/contexts.js';

/** Multibase prefix of an Ed25519 public key in Multikey form (multicodec 0xed01, base58btc). */
const ED25519_MULTIKEY_PREFIX = 'z6Mk';

export function isEd25519DidKey(did: string): boolean {
  return /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(did);
}

/** did:key identifier of an Ed25519 public key (did:key method, §3.1.2). */
export function didKeyFromMultibase(publicKeyMultibase: string): string {
  if (!publicKeyMultibase.startsWith(ED25519_MULTIKEY_PREFIX)) throw new Error('not an Ed25519 Multikey');
  return `did:key:${publicKeyMultibase}`;
}

/** Verification method id of an Ed25519 did:key: the DID, "#", the key's multibase. */
export function didKeyVerificationMethodId(did: string): string {
  return `${did}#${did.slice('did:key:'.length)}`;
}

/**
 * Resolves an Ed25519 did:key (or one of its verification-method URLs) locally into its DID document
 * or verification method, as the did:key method defines: nothing is fetched. Returns undefined for
 * anything that is not an Ed25519 did:key.
 */
export function resolveDidKey(url: string): Record<string, unknown> | undefined {
  const [did, fragment] = url.split('#', 2);
  if (!did || !isEd25519DidKey(did)) return undefined;
  const publicKeyMultibase = did.slice('did:key:'.length);
  if (fragment !== undefined && fragment !== publicKeyMultibase) return undefined;
  const vmId = didKeyVerificationMethodId(did);
  const method = { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase };
  if (fragment !== undefined) return { '@context': CONTEXTS.MULTIKEY_V1, ...method };
  return {
    '@context': [CONTEXTS.DID_V1, CONTEXTS.MULTIKEY_V1],
    id: did,
    verificationMethod: [method],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityInvocation: [vmId],
    capabilityDelegation: [vmId],
  };
}
