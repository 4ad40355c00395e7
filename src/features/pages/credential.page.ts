import { esc, type PageShell } from '../../http/html.js';
import type { CredentialFacts } from '../../core/certificate/facts.js';
import { renderFacts } from './facts.view.js';
import { renderResult, type PageReport } from './result.view.js';

/** Renderings a learner can download, in the order they are offered (only those the links name). */
const DOWNLOADS = ['pdf', 'json', 'jwt', 'png', 'svg', 'edc'] as const;

/**
 * LinkedIn's "Add to profile" link (a plain link: nothing of LinkedIn's is loaded by the page).
 * Fields of https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME.
 */
export function linkedInUrl(facts: CredentialFacts, pageUrl: string, credentialId: string): string {
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: facts.title ?? '' });
  if (facts.issuer.name) params.set('organizationName', facts.issuer.name);
  const issued = facts.awarded ? new Date(facts.awarded) : undefined;
  if (issued && !Number.isNaN(issued.getTime())) {
    params.set('issueYear', String(issued.getUTCFullYear()));
    params.set('issueMonth', String(issued.getUTCMonth() + 1));
  }
  const until = facts.validUntil ? new Date(facts.validUntil) : undefined;
  if (until && !Number.isNaN(until.getTime())) {
    params.set('expirationYear', String(until.getUTCFullYear()));
    params.set('expirationMonth', String(until.getUTCMonth() + 1));
  }
  params.set('certUrl', pageUrl);
  params.set('certId', credentialId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

function downloads(links: Record<string, string>, shell: PageShell): string {
  const { t } = shell;
  const items = DOWNLOADS.filter((key) => links[key]).map(
    (key) =>
      `<li><a href="${esc(links[key])}" download>${esc(t(`credential.download.${key}`))}</a> <span class="muted">${esc(t(`credential.downloadNote.${key}`))}</span></li>`,
  );
  return items.length
    ? `<section class="card" aria-labelledby="downloads"><h2 id="downloads">${esc(t('credential.downloads'))}</h2><ul class="downloads">${items.join('')}</ul></section>`
    : '';
}

function share(facts: CredentialFacts, links: Record<string, string>, id: string, shell: PageShell): string {
  const { t } = shell;
  const url = links.self ?? '';
  const qr = links.qrSvg ?? links.qr;
  const qrBlock = qr
    ? `<figure class="qr"><img src="${esc(qr)}" alt="${esc(t('credential.qrAlt'))}" width="160" height="160"><figcaption>${esc(t('credential.qrCaption'))}</figcaption></figure>`
    : '';
  const verify = links.verify
    ? `<p><a href="${esc(links.verify)}">${esc(t('credential.verifyLink'))}</a></p>`
    : '';
  return `<section class="card share" aria-labelledby="share"><h2 id="share">${esc(t('credential.share'))}</h2>
<div class="share-grid"><div><label for="share-url">${esc(t('credential.link'))}</label>
<div class="copy"><input id="share-url" type="url" readonly value="${esc(url)}">
<button type="button" class="button" data-copy="share-url" data-copied="${esc(t('credential.copied'))}">${esc(t('credential.copy'))}</button></div>
<p class="copy-status" role="status" aria-live="polite"></p>
<p><a class="button linkedin" href="${esc(linkedInUrl(facts, url, id))}" rel="noopener noreferrer">${esc(t('credential.linkedin'))}</a></p>${verify}</div>
${qrBlock}</div></section>`;
}

export interface CredentialPageInput {
  id: string;
  facts: CredentialFacts;
  report: PageReport;
  links: Record<string, string>;
  issuerHref?: string;
}

/** The public page of one credential: the verdict first, then what it certifies, downloads, sharing. */
export function renderCredentialPage(input: CredentialPageInput, shell: PageShell): string {
  const { facts, report, links, id } = input;
  const { t, lang } = shell;
  const title = facts.title ?? t('credential.untitled');
  const heading = `<h1><span${facts.lang && facts.lang !== lang ? ` lang="${esc(facts.lang)}"` : ''}>${esc(title)}</span></h1>
${facts.learner ? `<p class="subtitle">${esc(t('credential.awardedTo', { name: facts.learner }))}</p>` : ''}`;
  const body = `${heading}${renderResult(report, t)}${renderFacts(facts, t, lang, input.issuerHref)}
${downloads(links, shell)}${share(facts, links, id, shell)}`;
  return shell.render({ title, body, noindex: true });
}
