import { issuerSlugOfDid } from '../../core/did/did-web.js';
import type { ControllerResolver } from '../../core/verify/index.js';
import { unlessNotFound } from '../../errors.js';
import type { IssuersService } from './issuers.service.js';

/**
 * The verifier's resolver for our own issuers' did:web: the DID document is built from the store, as
 * `/issuers/<slug>/did.json` serves it (also for a DID URL with a fragment, like our profiles), so verifying our credentials needs no network (and works
 * where PUBLIC_URL is not https). Any other id goes to `fallback` (our https profiles); an unknown
 * slug under our host is undefined, so the next resolver in the chain may answer.
 */
export function withOwnDidWeb(
  fallback: ControllerResolver,
  issuers: Pick<IssuersService, 'didDocument'>,
  publicUrl: string,
): ControllerResolver {
  return async (id) => {
    const slug = issuerSlugOfDid(id, publicUrl);
    if (slug === undefined) return fallback(id);
    return unlessNotFound(issuers.didDocument(slug));
  };
}
