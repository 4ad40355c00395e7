import { CONTEXTS } from '../jsonld/contexts.js';
import { p256JwkToMultibase, type P256PublicJwk } from '../multikey/jwk.js';
import { paths } from '../ob3/constants.js';
import { buildIssuerProfile } from '../ob3/profile.js';
import { pickText } from '../ob3/text.js';
import type { IssuerRecord } from '../types.js';

/** The public half of an issuer key as the profile publishes it. */
export interface PublishedKey {
  type: 'Ed25519' | 'P-256';
  status: 'current' | 'retired';
  /** Ed25519 Multikey */
  publicKeyMultibase?: string;
  /** P-256 public JWK */
  publicJwk?: P256PublicJwk;
  createdAt: string;
}

/** `PUBLIC_URL/issuers/{slug}`: the issuer's id in every credential, and its controller document. */
export const issuerProfileUrl = paths.issuer;

/** The multibase of any published key (P-256 keys are published as Multikey too). */
export const keyMultibase = (key: PublishedKey): string =>
  key.type === 'Ed25519'
    ? (key.publicKeyMultibase as string)
    : p256JwkToMultibase(key.publicJwk as P256PublicJwk);

/** Verification method id: `<profile URL>#<publicKeyMultibase>` (DESIGN.md §4). */
export const verificationMethodId = (profileUrl: string, key: PublishedKey): string =>
  `${profileUrl}#${keyMultibase(key)}`;

/**
 * The issuer's OB 3.0 `Profile` (§B.1.16) that is also its controller document: every current and
 * retired key is a `Multikey` verification method listed in `assertionMethod`, so credentials signed
 * before a rotation keep verifying and a key counts only because this document lists it.
 */
export function buildPublishedProfile(
  issuer: IssuerRecord,
  keys: PublishedKey[],
  publicUrl: string,
): Record<string, unknown> {
  const profile = buildIssuerProfile(issuer, 'en', publicUrl);
  const methods = keys.map((key) => ({
    id: verificationMethodId(profile.id, key),
    type: 'Multikey',
    controller: profile.id,
    publicKeyMultibase: keyMultibase(key),
  }));
  const description = pickText(issuer.qualityAssurance, 'en');
  return {
    '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3, CONTEXTS.MULTIKEY_V1, CONTEXTS.DID_V1],
    ...profile,
    ...(description ? { description } : {}),
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** JWKS (RFC 7517 §5) of the issuer's P-256 keys; `kid` is the verification method id a VC-JWT names. */
export function buildJwks(
  issuerSlug: string,
  keys: PublishedKey[],
  publicUrl: string,
): { keys: Record<string, string>[] } {
  const profileUrl = issuerProfileUrl(publicUrl, issuerSlug);
  return {
    keys: keys
      .filter((k) => k.type === 'P-256' && k.publicJwk)
      .map((k) => ({
        ...(k.publicJwk as P256PublicJwk),
        kid: verificationMethodId(profileUrl, k),
        alg: 'ES256',
        use: 'sig',
      })),
  };
}
