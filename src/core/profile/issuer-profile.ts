import { didKeyFromMultibase } from '../did/did-key.js';
import { issuerDidWeb } from '../did/did-web.js';
import { CONTEXTS } from '../jsonld/contexts.js';
import { p256JwkToMultibase, type P256PublicJwk } from '../multikey/jwk.js';
import { paths } from '../ob3/constants.js';
import { buildIssuerProfile } from '../ob3/profile.js';
import { pickText } from '../ob3/text.js';
import type { IdentifierEntry } from '../ob3/types.js';
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

/**
 * `PUBLIC_URL/issuers/{slug}`: the issuer's OB Profile for people and OB consumers, and the
 * controller document of credentials issued before the issuer had a did:web.
 */
export const issuerProfileUrl = paths.issuer;

/** The identifiers one issuer is known by. */
export interface IssuerIdentities {
  /** `did:web:<host>:issuers:<slug>`: `issuer.id` of new OB 3.0 credentials and of their status lists */
  did: string;
  /** the https URL of the published Profile (and `issuer.id` of credentials issued before the did:web) */
  profileUrl: string;
  /** the did:key of the current Ed25519 key: the issuer of credentials signed through the W3C VC-API */
  didKey?: string;
}

/** The did:key of the newest current Ed25519 key, if the issuer has one. */
export function currentDidKey(keys: PublishedKey[]): string | undefined {
  const current = keys.filter((k) => k.type === 'Ed25519' && k.status === 'current' && k.publicKeyMultibase);
  const newest = current.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
  return newest ? didKeyFromMultibase(newest.publicKeyMultibase as string) : undefined;
}

/** Every identifier of the issuer; the did:key only when its keys are given. */
export function issuerIdentities(publicUrl: string, slug: string, keys?: PublishedKey[]): IssuerIdentities {
  const didKey = keys ? currentDidKey(keys) : undefined;
  return {
    did: issuerDidWeb(publicUrl, slug),
    profileUrl: issuerProfileUrl(publicUrl, slug),
    ...(didKey ? { didKey } : {}),
  };
}

/** The multibase of any published key (P-256 keys are published as Multikey too). */
export const keyMultibase = (key: PublishedKey): string =>
  key.type === 'Ed25519'
    ? (key.publicKeyMultibase as string)
    : p256JwkToMultibase(key.publicJwk as P256PublicJwk);

/** Verification method id: `<controller>#<publicKeyMultibase>` (DESIGN.md §4). */
export const verificationMethodId = (controller: string, key: PublishedKey): string =>
  `${controller}#${keyMultibase(key)}`;

/**
 * Every current and retired key as a `Multikey` verification method of `controller` (Controlled
 * Identifiers §2.2.2), with the list of their ids for `assertionMethod`: credentials signed before a
 * rotation keep verifying, and a key counts only because the controller's document lists it.
 */
export function multikeyMethods(
  controller: string,
  keys: PublishedKey[],
): { verificationMethod: Record<string, string>[]; assertionMethod: string[] } {
  const verificationMethod = keys.map((key) => ({
    id: verificationMethodId(controller, key),
    type: 'Multikey',
    controller,
    publicKeyMultibase: keyMultibase(key),
  }));
  return { verificationMethod, assertionMethod: verificationMethod.map((m) => m.id) };
}

/** `otherIdentifier` entries (OB 3.0 IdentifierEntry; `ext:` identifierType) that link the DIDs. */
function didIdentifiers(ids: IssuerIdentities): IdentifierEntry[] {
  return [ids.did, ids.didKey]
    .filter((id): id is string => id !== undefined)
    .map((identifier) => ({ type: 'IdentifierEntry', identifier, identifierType: 'ext:DID' }));
}

/**
 * The issuer's published OB 3.0 `Profile` (§B.1.16) at its https URL. It names the issuer's did:web
 * and the did:key of its W3C VC-API credentials in `otherIdentifier`, and it stays the controller
 * document (every key, current and retired, in `assertionMethod`) for credentials whose issuer is
 * this URL.
 */
export function buildPublishedProfile(
  issuer: IssuerRecord,
  keys: PublishedKey[],
  publicUrl: string,
): Record<string, unknown> {
  const ids = issuerIdentities(publicUrl, issuer.slug, keys);
  const profile = buildIssuerProfile(issuer, 'en', publicUrl, ids.profileUrl);
  const description = pickText(issuer.qualityAssurance, 'en');
  return {
    '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3, CONTEXTS.MULTIKEY_V1, CONTEXTS.DID_V1],
    ...profile,
    otherIdentifier: [...(profile.otherIdentifier ?? []), ...didIdentifiers(ids)],
    ...(description ? { description } : {}),
    ...multikeyMethods(ids.profileUrl, keys),
  };
}

/**
 * JWKS (RFC 7517 §5) of the issuer's P-256 keys. Each key is listed under the `kid` a VC-JWT names:
 * its did:web verification method (new credentials) and its profile verification method (earlier ones).
 */
export function buildJwks(
  issuerSlug: string,
  keys: PublishedKey[],
  publicUrl: string,
): { keys: Record<string, string>[] } {
  const { did, profileUrl } = issuerIdentities(publicUrl, issuerSlug);
  return {
    keys: keys
      .filter((k) => k.type === 'P-256' && k.publicJwk)
      .flatMap((k) =>
        [did, profileUrl].map((controller) => ({
          ...(k.publicJwk as P256PublicJwk),
          kid: verificationMethodId(controller, k),
          alg: 'ES256',
          use: 'sig',
        })),
      ),
  };
}
