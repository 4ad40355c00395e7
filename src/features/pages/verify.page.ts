import { esc, type PageShell } from '../../http/html.js';
import { readEdcFacts } from '../../core/certificate/edc-facts.js';
import { readCredentialFacts } from '../../core/certificate/facts.js';
import { renderFacts } from './facts.view.js';
import { isGenuine, renderResult, verdictOf, type PageReport } from './result.view.js';

/**
 * What a verification attempt on the page ended in: a report (with where it was read from), a QR
 * code that points elsewhere, or a message about the input.
 */
export type VerifyOutcome =
  { report: PageReport; issuerHref?: string; source?: string } | { link: string } | { error: string };

export interface VerifyForm {
  /** the pasted text or link, shown again in the box */
  input?: string;
  outcome?: VerifyOutcome;
  /** files can be checked too (the upload form is shown) */
  upload?: boolean;
}

/** The paste form (a text box); also the verify box of the home page. */
export function pasteForm(shell: PageShell, input = ''): string {
  const { t } = shell;
  return `<form class="card verify-form paste" method="post" action="${esc(shell.href('/verify'))}">
<div class="field"><label for="credential">${esc(t('verify.inputLabel'))}</label>
<textarea id="credential" name="credential" rows="6" spellcheck="false" autocapitalize="off" aria-describedby="credential-hint">${esc(input)}</textarea>
<p id="credential-hint" class="hint">${esc(t('verify.inputHint'))}</p></div>
<button type="submit" class="button primary">${esc(t('verify.submit'))}</button></form>`;
}

/** The upload form: a file (or, on a phone, a photo of a QR code) posted as multipart/form-data. */
export function uploadForm(shell: PageShell): string {
  const { t } = shell;
  return `<form class="card verify-form upload" method="post" action="${esc(shell.href('/verify'))}" enctype="multipart/form-data">
<div class="field"><label for="file">${esc(t('verify.fileLabel'))}</label>
<input id="file" name="file" type="file" accept=".json,.jwt,.txt,.png,.svg,.pdf,.jpg,.jpeg,image/*,application/pdf,application/json" aria-describedby="file-hint">
<p id="file-hint" class="hint">${esc(t('verify.fileHint'))}</p></div>
<button type="submit" class="button primary">${esc(t('verify.uploadSubmit'))}</button></form>`;
}

function outcomeBlock(outcome: VerifyOutcome, shell: PageShell): string {
  const { t, lang } = shell;
  if ('link' in outcome)
    return `<div id="outcome" tabindex="-1"><section class="result unchecked" role="alert" aria-labelledby="result-title"><h2 id="result-title">${esc(t('verify.errorTitle'))}</h2>
<p>${esc(t('verify.qrElsewhere'))}</p><p><code class="link">${esc(outcome.link)}</code></p><p>${esc(t('verify.qrElsewhereHint'))}</p></section></div>`;
  if ('error' in outcome)
    return `<div id="outcome" tabindex="-1"><section class="result problem" role="alert" aria-labelledby="result-title"><h2 id="result-title">${esc(t('verify.errorTitle'))}</h2><p>${esc(outcome.error)}</p></section></div>`;
  const { report } = outcome;
  const credential = isGenuine(verdictOf(report)) ? report.credential : undefined;
  const edc = report.summary.format === 'edc';
  const read = credential && (edc ? readEdcFacts(credential, lang) : readCredentialFacts(credential));
  const facts = read ? renderFacts(read, t, lang, edc ? undefined : outcome.issuerHref) : '';
  const source = outcome.source ? `<p class="muted">${esc(t(`verify.source.${outcome.source}`))}</p>` : '';
  return `<div id="outcome" tabindex="-1">${source}${renderResult(report, t)}${facts}</div>`;
}

/** GET /verify and the answer to POST /verify: the form, and the outcome once something was checked. */
export function renderVerifyPage(form: VerifyForm, shell: PageShell): string {
  const { t } = shell;
  const outcome = form.outcome ? outcomeBlock(form.outcome, shell) : '';
  const body = `<h1>${esc(t('verify.title'))}</h1><p class="lead">${esc(t('verify.intro'))}</p>
${outcome}${pasteForm(shell, form.input ?? '')}${form.upload ? uploadForm(shell) : ''}
<p class="muted">${esc(t('verify.privacy'))}</p>`;
  return shell.render({ title: t('verify.title'), body });
}
