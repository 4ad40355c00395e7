import { factRows, type Line, type Shown } from '../../core/certificate/display.js';
import type { CredentialFacts } from '../../core/certificate/facts.js';
import type { Lang } from '../../core/types.js';
import { esc } from '../../http/html.js';
import type { Translate } from '../../i18n/index.js';

interface View {
  t: Translate;
  lang: Lang;
  facts: CredentialFacts;
}

const isWebUrl = (url: string | undefined): url is string => !!url && /^https?:\/\//.test(url);

const link = (url: string | undefined, html: string): string =>
  isWebUrl(url) ? `<a href="${esc(url)}" rel="noopener">${html}</a>` : html;

/** One run of text: escaped, in its language, linked where it points somewhere a browser can open. */
function part(shown: Shown): string {
  let html = esc(shown.text);
  if (shown.lang) html = `<span lang="${esc(shown.lang)}">${html}</span>`;
  if (shown.strong) html = `<strong>${html}</strong>`;
  return link(shown.url, html);
}

const lines = (value: Line[]): string => value.map((line) => line.map(part).join('')).join('<br>');

/** Text the issuer wrote keeps the credential's language for screen readers. */
const inCredLang = (text: string, v: View): string =>
  v.facts.lang && v.facts.lang !== v.lang
    ? `<span lang="${esc(v.facts.lang)}">${esc(text)}</span>`
    : esc(text);

/** Learning outcomes, each with links to the ESCO skills aligned to it; skills tied to no outcome after. */
function outcomes(v: View): string {
  const { learningOutcomes = [], skills = [] } = v.facts.achievement ?? {};
  if (learningOutcomes.length === 0 && skills.length === 0) return '';
  const tied = new Set(learningOutcomes.flatMap((o) => o.escoSkills));
  const skillLinks = (urls: string[]) =>
    urls.length
      ? ` <span class="skills">${urls.map((url, i) => link(url, esc(v.t('facts.escoSkill', { n: i + 1 })))).join(' ')}</span>`
      : '';
  const items = learningOutcomes.map((o) => `<li>${inCredLang(o.text, v)}${skillLinks(o.escoSkills)}</li>`);
  const loose = skills.filter((s) => !tied.has(s.url));
  const looseList = loose.length
    ? `<p>${esc(v.t('facts.escoSkills'))}: ${loose.map((s) => link(s.url, inCredLang(s.name ?? s.url, v))).join(', ')}</p>`
    : '';
  const list = items.length ? `<ul class="outcomes">${items.join('')}</ul>` : '';
  return `<h3>${esc(v.t('facts.outcomes'))}</h3>${list}${looseList}`;
}

/** What the credential certifies, for someone who has never heard of its issuer. */
export function renderFacts(facts: CredentialFacts, t: Translate, lang: Lang, issuerHref?: string): string {
  const v: View = { t, lang, facts };
  const rows = factRows(facts, { t, lang, issuerHref })
    .map((row) => `<div><dt>${esc(t(`facts.${row.key}`))}</dt><dd>${lines(row.lines)}</dd></div>`)
    .join('');
  const micro =
    facts.achievement?.achievementType === 'MicroCredential'
      ? `<p class="tag">${esc(t('facts.microCredential'))}</p>`
      : '';
  const description = facts.description
    ? `<p class="description">${inCredLang(facts.description, v)}</p>`
    : '';
  const criteria = facts.criteria
    ? `<h3>${esc(t('facts.criteria'))}</h3><p class="criteria">${inCredLang(facts.criteria, v)}</p>`
    : '';
  const note =
    facts.lang && facts.lang !== lang ? `<p class="muted">${esc(t('facts.languageNote'))}</p>` : '';
  return `<section class="card facts" aria-labelledby="facts-title">
<h2 id="facts-title">${esc(t('facts.heading'))}</h2>${micro}${description}<dl class="pairs">${rows}</dl>
${outcomes(v)}${criteria}${note}</section>`;
}
