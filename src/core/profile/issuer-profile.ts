import { CONTEXTS } from '../jsonld/contexts.js';
import { p256JwkToMultibase, type P256PublicJwk } from '../multikey/jwk.js';
import type { IssuerRecord, Lang, LangMap } from '../types.js';
import { countryName } from '../vocab/country.js';

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

export const issuerProfileUrl = (publicUrl: string, slug: string): string => `${publicUrl}/issuers/${slug}`;

/** The multibase of any published key (P-256 keys are published as Multikey too). */
export const keyMultibase = (key: PublishedKey): string =>
  key.type === 'Ed25519'
    ? (key.publicKeyMultibase as string)
    : p256JwkToMultibase(key.publicJwk as P256PublicJwk);

/** Verification method id: `<profile URL>#<publicKeyMultibase>` (DESIGN.md §4). */
export const verificationMethodId = (profileUrl: string, key: PublishedKey): string =>
  `${profileUrl}#${keyMultibase(key)}`;

/** Text in the first language present, in the order asked for. */
export function pick(map: LangMap | undefined, order: Lang[] = ['en', 'lv', 'lt']): string | undefined {
  for (const lang of order) if (map?.[lang]) return map[lang];
  return undefined;
}

/**
 * The issuer's OB 3.0 `Profile` (§B.1.16) that is also its controller document: every current and
 * retired key is a `Multikey` verification method listed in `assertionMethod`, so credentials signed
 * before a rotation keep verifying and a key counts only because this document lists it.
 */
export function buildIssuerProfile(
  issuer: IssuerRecord,
  keys: PublishedKey[],
  publicUrl: string,
): Record<string, unknown> {
  const id = issuerProfileUrl(publicUrl, issuer.slug);
  const methods = keys.map((key) => ({
    id: verificationMethodId(id, key),
    type: 'Multikey',
    controller: id,
    publicKeyMultibase: keyMultibase(key),
  }));
  const description = pick(issuer.qualityAssurance);
  return {
    '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3, CONTEXTS.MULTIKEY_V1, CONTEXTS.DID_V1],
    id,
    type: ['Profile'],
    name: pick(issuer.legalName),
    url: issuer.homepage,
    email: issuer.email,
    ...(description ? { description } : {}),
    ...(issuer.logo ? { image: { id: issuer.logo, type: 'Image' } } : {}),
    address: {
      type: ['Address'],
      addressCountry: countryName(issuer.country, 'en'),
      addressCountryCode: issuer.country,
      ...(issuer.region ? { addressRegion: issuer.region } : {}),
    },
    otherIdentifier: [
      { type: 'IdentifierEntry', identifier: issuer.legalIdentifier.value, identifierType: 'identifier' },
    ],
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
