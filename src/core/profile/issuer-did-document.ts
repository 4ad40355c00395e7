import { CONTEXTS } from '../jsonld/contexts.js';
import { issuerIdentities, multikeyMethods, type PublishedKey } from './issuer-profile.js';

/**
 * The DID document of an issuer's did:web (DID Core §5; did:web §3.2 "Read"), served at
 * `PUBLIC_URL/issuers/<slug>/did.json`. Every key the issuer ever signed with, current and retired, is a
 * `Multikey` verification method listed under `assertionMethod`: the Ed25519 keys of Data Integrity
 * proofs and the P-256 keys that VC-JWT `kid`s name. `alsoKnownAs` points at the issuer's OB Profile.
 * The DID context comes first, so verifiers that skip JSON-LD framing for DID documents can read it.
 */
export function buildIssuerDidDocument(
  slug: string,
  keys: PublishedKey[],
  publicUrl: string,
): Record<string, unknown> {
  const { did, profileUrl } = issuerIdentities(publicUrl, slug);
  return {
    '@context': [CONTEXTS.DID_V1, CONTEXTS.MULTIKEY_V1],
    id: did,
    alsoKnownAs: [profileUrl],
    ...multikeyMethods(did, keys),
  };
}
