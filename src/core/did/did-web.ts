/**
 * did:web identifiers of resources Tilts publishes (did:web Method Specification §3.1 "Create"):
 * the host, a non-default port percent-encoded (`:` → `%3A`), then each path segment after a colon.
 * A DID resolves to `https://<host>[:port]/<path>/did.json`.
 */

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/** The did:web naming the https document at `url` (its origin and path; query and fragment dropped). */
export function didWebFromUrl(url: string): string {
  const parsed = new URL(url);
  const host = parsed.host.toLowerCase().replace(':', '%3A');
  const segments = parsed.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/:/g, '%3A'));
  return ['did:web', host, ...segments].join(':');
}

/**
 * An issuer's did:web: `did:web:<host>:issuers:<slug>` (with any PUBLIC_URL path before `issuers`),
 * whose DID document Tilts serves at `PUBLIC_URL/issuers/<slug>/did.json`.
 */
export function issuerDidWeb(publicUrl: string, slug: string): string {
  return `${didWebFromUrl(publicUrl)}:issuers:${slug}`;
}

/**
 * The slug of one of our issuers named by `did` (or by one of its DID URLs, `did#key`), or undefined
 * when the DID is not an issuer did:web under this PUBLIC_URL.
 */
export function issuerSlugOfDid(did: string, publicUrl: string): string | undefined {
  const prefix = `${didWebFromUrl(publicUrl)}:issuers:`;
  if (!did.startsWith(prefix)) return undefined;
  const slug = did.slice(prefix.length).split(/[#?]/, 1)[0] ?? '';
  return SLUG.test(slug) ? slug : undefined;
}
