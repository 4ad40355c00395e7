import { ERROR_STATUS, titleOf, type ErrorCode } from '../../errors.js';
import { esc, type PageShell } from '../../http/html.js';

/**
 * /docs: Swagger UI (swagger-ui-dist, served by Tilts from node_modules) reading /openapi.json, with
 * "try it out" against this service; below it, the catalogue of problem codes. The viewer is started
 * by docs.js, a static file, so the page needs no inline script under the CSP.
 */
export function renderDocsPage(shell: PageShell): string {
  const { t } = shell;
  const problems = (Object.keys(ERROR_STATUS) as ErrorCode[])
    .map(
      (code) =>
        `<tr id="problem-${esc(code)}"><td><code>${esc(code)}</code></td><td>${ERROR_STATUS[code]}</td><td lang="en">${esc(titleOf(code))}</td></tr>`,
    )
    .join('');
  const body = `<h1>${esc(t('docs.title'))}</h1><p class="lead">${esc(t('docs.intro'))}</p>
<p><a href="/openapi.json">/openapi.json</a> · <a href="#problems">${esc(t('docs.problems'))}</a></p>
<div id="swagger-ui" class="swagger" data-spec="/openapi.json" lang="en"><p class="muted">${esc(t('docs.loading'))}</p></div>
<section class="card" aria-labelledby="problems"><h2 id="problems">${esc(t('docs.problems'))}</h2><p>${esc(t('docs.problemsIntro'))}</p>
<div class="table-scroll"><table><thead><tr><th scope="col">code</th><th scope="col">HTTP</th><th scope="col">title</th></tr></thead><tbody>${problems}</tbody></table></div></section>`;
  return shell.render({
    title: t('docs.title'),
    body,
    wide: true,
    styles: ['swagger-ui.css'],
    scripts: ['swagger-ui-bundle.js', 'docs.js'],
  });
}
