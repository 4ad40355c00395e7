import { esc, type PageShell } from '../../http/html.js';
import { pasteForm, uploadForm } from './verify.page.js';

/** GET /: what this service is, the verify box, and where developers start. */
export function renderHomePage(shell: PageShell, upload: boolean): string {
  const { t } = shell;
  const body = `<h1>${esc(t('home.title'))}</h1><p class="lead">${esc(t('home.intro'))}</p>
<section aria-labelledby="check"><h2 id="check">${esc(t('home.verifyTitle'))}</h2><p>${esc(t('home.verifyText'))}</p>
${pasteForm(shell)}${upload ? uploadForm(shell) : ''}</section>
<div class="columns">
<section class="card" aria-labelledby="learners"><h2 id="learners">${esc(t('home.learnersTitle'))}</h2><p>${esc(t('home.learnersText'))}</p></section>
<section class="card" aria-labelledby="issuers"><h2 id="issuers">${esc(t('home.issuersTitle'))}</h2><p>${esc(t('home.issuersText'))}</p></section>
<section class="card" aria-labelledby="developers"><h2 id="developers">${esc(t('home.developersTitle'))}</h2><p>${esc(t('home.developersText'))}</p>
<ul><li><a href="/docs">${esc(t('home.docsLink'))}</a></li><li><a href="/openapi.json">${esc(t('home.openapiLink'))}</a></li></ul></section>
</div>`;
  return shell.render({ title: t('home.title'), body });
}
