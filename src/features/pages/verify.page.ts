import { esc, type PageShell } from '../../http/html.js';
import { readCredentialFacts } from './facts.js';
import { renderFacts } from './facts.view.js';
import { isGenuine, renderResult, verdictOf, type PageReport } from './result.view.js';

/** What a verification attempt on the page ended in: a report, or a message about the input. */
export type VerifyOutcome = { report: PageReport; issuerHref?: string } | { error: string };

export interface VerifyForm {
  /** the pasted text or link, shown again in the box */
  input?: string;
  outcome?: VerifyOutcome;
}

/** The paste-or-upload form; also the verify box of the home page. */
export function verifyForm(shell: PageShell, input = '', upload = true): string {
  const { t } = shell;
  const file = upload
    ? `<div class="field"><label for="file">${esc(t('verify.fileLabel'))}</label>
<input id="file" name="file" type="file" accept=".json,.jwt,.txt,.png,.svg,.pdf,image/*,application/pdf,application/json" aria-describedby="file-hint">
<p id="file-hint" class="hint">${esc(t('verify.fileHint'))}</p></div>`
    : '';
  return `<form class="card verify-form" method="post" action="${esc(shell.href('/verify'))}" enctype="${upload ? 'multipart/form-data' : 'application/x-www-form-urlencoded'}">
<div class="field"><label for="credential">${esc(t('verify.inputLabel'))}</label>
<textarea id="credential" name="credential" rows="6" spellcheck="false" autocapitalize="off" aria-describedby="credential-hint">${esc(input)}</textarea>
<p id="credential-hint" class="hint">${esc(t('verify.inputHint'))}</p></div>${file}
<button type="submit" class="button primary">${esc(t('verify.submit'))}</button></form>`;
}

function outcomeBlock(outcome: VerifyOutcome, shell: PageShell): string {
  const { t, lang } = shell;
  if ('error' in outcome)
    return `<div id="outcome" tabindex="-1"><section class="result problem" role="alert" aria-labelledby="result-title"><h2 id="result-title">${esc(t('verify.errorTitle'))}</h2><p>${esc(outcome.error)}</p></section></div>`;
  const { report } = outcome;
  const ob = report.summary.format !== 'edc';
  const credential = ob && isGenuine(verdictOf(report)) ? report.credential : undefined;
  const facts = credential ? renderFacts(readCredentialFacts(credential), t, lang, outcome.issuerHref) : '';
  return `<div id="outcome" tabindex="-1">${renderResult(report, t)}${facts}</div>`;
}

/** GET /verify and the answer to POST /verify: the form, and the outcome once something was checked. */
export function renderVerifyPage(form: VerifyForm, shell: PageShell): string {
  const { t } = shell;
  const outcome = form.outcome ? outcomeBlock(form.outcome, shell) : '';
  const body = `<h1>${esc(t('verify.title'))}</h1><p class="lead">${esc(t('verify.intro'))}</p>
${outcome}${verifyForm(shell, form.input ?? '', false)}
<p class="muted">${esc(t('verify.privacy'))}</p>`;
  return shell.render({ title: t('verify.title'), body });
}
