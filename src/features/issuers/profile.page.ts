import { pickText } from '../../core/ob3/text.js';
import { keyMultibase, type PublishedKey } from '../../core/profile/issuer-profile.js';
import { countryName } from '../../core/vocab/country.js';
import type { IssuerRecord } from '../../core/types.js';
import { esc, htmlPage } from '../../http/html.js';

/** The DIDs the published profile names in `otherIdentifier` (its did:web, its VC-API did:key). */
const didsOf = (profile: Record<string, unknown>): { did?: string; didKey?: string } => {
  const ids = [profile.otherIdentifier]
    .flat()
    .map((e) => (e as { identifier?: unknown } | undefined)?.identifier)
    .filter((id): id is string => typeof id === 'string');
  return {
    did: ids.find((id) => id.startsWith('did:web:')),
    didKey: ids.find((id) => id.startsWith('did:key:')),
  };
};

/** The human view of an issuer profile: who they are and the keys their credentials are signed with. */
export function renderProfilePage(
  issuer: IssuerRecord,
  keys: PublishedKey[],
  profile: Record<string, unknown>,
): string {
  const name = pickText(issuer.legalName, 'en') ?? issuer.slug;
  const names = Object.entries(issuer.legalName)
    .map(([lang, text]) => `<dd lang="${esc(lang)}">${esc(text)}</dd>`)
    .join('');
  const rows = keys
    .map(
      (k) => `<tr><td>${esc(k.type === 'Ed25519' ? 'Ed25519 (Data Integrity)' : 'P-256 (VC-JWT ES256)')}</td>
<td><span class="badge ${k.status === 'retired' ? 'retired' : ''}">${esc(k.status)}</span></td>
<td><code>${esc(keyMultibase(k))}</code></td><td>${esc(k.createdAt.slice(0, 10))}</td></tr>`,
    )
    .join('');
  const qa = issuer.qualityAssurance
    ? Object.entries(issuer.qualityAssurance)
        .map(([lang, text]) => `<p lang="${esc(lang)}">${esc(text)}</p>`)
        .join('')
    : '';
  const { did, didKey } = didsOf(profile);
  const body = `<div class="card"><h1>${esc(name)}</h1><dl>
<dt>Legal name</dt>${names}
<dt>Identifier</dt><dd>${esc(issuer.legalIdentifier.value)} (${esc(countryName(issuer.legalIdentifier.country, 'en'))})</dd>
<dt>Country</dt><dd>${esc(countryName(issuer.country, 'en'))}${issuer.region ? `, ${esc(issuer.region)}` : ''}</dd>
<dt>Website</dt><dd><a href="${esc(issuer.homepage)}" rel="noopener">${esc(issuer.homepage)}</a></dd>
<dt>Email</dt><dd>${esc(issuer.email)}</dd>
<dt>Profile id</dt><dd><code>${esc(profile.id)}</code></dd>
${did ? `<dt>DID</dt><dd><code>${esc(did)}</code> (<a href="${esc(`${profile.id}/did.json`)}">DID document</a>)</dd>` : ''}
${didKey ? `<dt>VC-API issuer</dt><dd><code>${esc(didKey)}</code></dd>` : ''}</dl></div>
${qa ? `<div class="card"><h2>Quality assurance</h2>${qa}</div>` : ''}
<div class="card"><h2>Signing keys</h2><p class="muted">Credentials from this issuer are genuine only if signed by one of these keys.</p>
<table><thead><tr><th>Key</th><th>Status</th><th>Public key</th><th>Since</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">Machine-readable: <a href="?format=json">JSON-LD</a> · <a href="${esc(`${profile.id}/jwks`)}">JWKS</a></p></div>`;
  return htmlPage({ title: `${name} — issuer profile`, body });
}
