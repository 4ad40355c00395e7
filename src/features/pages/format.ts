import { didWebToUrl } from '../../core/verify/did-web.js';

// the issuer page counts its achievements' hours with the same plural rules as the credential page
export { plural } from '../../core/certificate/format.js';

/**
 * Where a person can read about an issuer: its https id, or the page a did:web names (on this
 * service when the DID's host is ours). A did:key names no page.
 */
export function issuerPageUrl(id: string | undefined, publicUrl: string): string | undefined {
  if (!id) return undefined;
  if (/^https?:\/\//.test(id)) return id;
  const document = id.startsWith('did:web:') ? didWebToUrl(id) : undefined;
  if (!document) return undefined;
  const page = new URL(document.replace(/\/did\.json$/, ''));
  const ours = new URL(publicUrl);
  return page.host === ours.host ? `${publicUrl}${page.pathname}` : page.toString();
}
