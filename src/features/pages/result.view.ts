import type { EdcVerificationReport } from '../../core/edc/verify.js';
import type { VerificationReport } from '../../core/verify/types.js';

/** A report of either verifier (Open Badges / VC, or EDC): a log of named checks. */
export type PageReport = VerificationReport | EdcVerificationReport;
type Check = PageReport['checks'][number];
import { esc } from '../../http/html.js';
import type { Translate } from '../../i18n/index.js';
import { passedCheckWords, warningWords, type Said } from './check-words.js';

/** What a person is told first: one of six answers. */
export type Verdict = 'verified' | 'revoked' | 'suspended' | 'expired' | 'unchecked' | 'not-verified';

/** Failures that mean "could not check", never "not genuine". */
const UNCHECKABLE = new Set(['issuer-key-unresolvable', 'status-unavailable', 'proof-unverifiable']);
const TIME_AND_STATUS = new Set(['validity', 'status']);

/** A warning-level check informs; it never decides the verdict. */
const isWarning = (check: Check): boolean => (check as { severity?: string }).severity === 'warning';
const fails = (check: Check): boolean => !check.valid && !isWarning(check);

/**
 * The verdict of a report. A revoked, suspended or expired answer needs a genuine credential: any
 * other failing check decides first, so a forged credential pointing at a revoked entry reads as
 * "not verified".
 */
export function verdictOf(report: Pick<PageReport, 'verified' | 'checks'>): Verdict {
  if (report.verified) return 'verified';
  const failed = report.checks.filter(fails);
  const hard = failed.filter((c) => !TIME_AND_STATUS.has(c.id));
  if (hard.length > 0 || failed.length === 0)
    return hard.length > 0 && hard.every((c) => UNCHECKABLE.has(c.code ?? '')) ? 'unchecked' : 'not-verified';
  const codes = new Set(failed.map((c) => c.code));
  if (codes.has('revoked')) return 'revoked';
  if (codes.has('suspended')) return 'suspended';
  if (codes.has('status-unavailable')) return 'unchecked';
  if (codes.has('expired')) return 'expired';
  return 'not-verified';
}

/** True when the signature and issuer are genuine, so what the credential claims may be shown. */
export const isGenuine = (verdict: Verdict): boolean =>
  verdict === 'verified' || verdict === 'revoked' || verdict === 'suspended' || verdict === 'expired';

const ICONS: Record<Verdict, string> = {
  verified: '✓',
  revoked: '✕',
  suspended: '❚❚',
  expired: '⌛',
  unchecked: '?',
  'not-verified': '✕',
};

/** A failing check's reason in words; a code this catalogue does not know yet reads as "failed". */
function reasonOf(check: Check, t: Translate): string {
  const key = `code.${check.code ?? 'failed'}`;
  const text = t(key);
  return text === key ? t('code.failed') : text;
}

const said = ({ text, lang }: Said, tag = 'span', cls = 'detail'): string =>
  `<${tag} class="${cls}"${lang ? ` lang="${lang}"` : ''}>${esc(text)}</${tag}>`;

/**
 * One check: its name and outcome, then what it established in the reader's words; a failing check
 * keeps the verifier's own detail, labelled as technical and marked as English.
 */
function checkItem(check: Check, report: PageReport, t: Translate): string {
  const name = t(`check.${check.id}`);
  const reason = check.valid ? t('result.passed') : reasonOf(check, t);
  const [kind, mark] = check.valid ? ['ok', '✓'] : isWarning(check) ? ['warn', '!'] : ['fail', '✕'];
  const words = passedCheckWords(check, report, t);
  const detail = words
    ? said(words)
    : `<span class="detail">${esc(t('checkDetail.technical'))}: <span lang="en">${esc(check.detail)}</span></span>`;
  return `<li class="${kind}"><span class="mark" aria-hidden="true">${mark}</span>
<span><strong>${esc(name)}</strong>: ${esc(reason)}<br>${detail}</span></li>`;
}

/**
 * The result block of the credential and verify pages (one renderer for both): the verdict, the first
 * failing check in words, and every check one click away.
 */
export function renderResult(report: PageReport, t: Translate): string {
  const verdict = verdictOf(report);
  const failing = report.checks.find(fails);
  const reason =
    failing && verdict !== 'verified'
      ? `<p class="reason" data-check="${esc(failing.id)}">${esc(t(`check.${failing.id}`))}: ${esc(reasonOf(failing, t))}</p>`
      : '';
  const warnings = report.warnings.length
    ? `<ul class="warnings">${report.warnings.map((w) => said(warningWords(w, t), 'li', 'warning')).join('')}</ul>`
    : '';
  return `<section class="result ${verdict}" aria-labelledby="result-title" data-verdict="${verdict}">
<h2 id="result-title"><span class="icon" aria-hidden="true">${ICONS[verdict]}</span> ${esc(t(`result.${verdict}.title`))}</h2>
<p>${esc(t(`result.${verdict}.text`))}</p>${reason}
<details><summary>${esc(t('result.checks', { count: report.checks.length }))}</summary>
<ol class="checks">${report.checks.map((c) => checkItem(c, report, t)).join('')}</ol>${warnings}</details></section>`;
}
