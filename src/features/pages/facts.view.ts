import type { Lang } from '../../core/types.js';
import { esc } from '../../http/html.js';
import type { Translate } from '../../i18n/index.js';
import type { CredentialFacts, FactConcept } from '../../core/certificate/facts.js';
import { conceptName, formatDate, plural } from './format.js';

interface View {
  t: Translate;
  lang: Lang;
  facts: CredentialFacts;
  /** the issuer's page, when it has one a person can open */
  issuerHref?: string;
}

/** Text written in the credential's language keeps that language for screen readers. */
const inCredLang = (text: string, v: View): string =>
  v.facts.lang && v.facts.lang !== v.lang
    ? `<span lang="${esc(v.facts.lang)}">${esc(text)}</span>`
    : esc(text);

const link = (url: string | undefined, text: string): string =>
  url && /^https?:\/\//.test(url) ? `<a href="${esc(url)}" rel="noopener">${text}</a>` : text;

function concepts(list: FactConcept[], v: View): string {
  return list.map((c) => link(c.url, inCredLang(conceptName(c, v.lang, v.facts.lang), v))).join(', ');
}

const row = (label: string, value: string | undefined): string =>
  value ? `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>` : '';

function workload(v: View): string | undefined {
  const { credits, hours } = v.facts;
  const parts = credits.map((c) => {
    const system = c.system ? ` (${inCredLang(c.system.name, v)})` : '';
    return `${esc(plural(v.t, v.lang, 'plural.credits', c.value))}${system}`;
  });
  if (hours) parts.push(esc(plural(v.t, v.lang, 'plural.hours', hours)));
  return parts.length ? parts.join(' · ') : undefined;
}

function grade(v: View): string | undefined {
  const g = v.facts.grade;
  if (!g) return undefined;
  const notes = [
    g.scheme ? inCredLang(g.scheme, v) : '',
    g.required ? esc(v.t('facts.gradeRequired', { value: g.required })) : '',
  ].filter(Boolean);
  return `<strong>${esc(g.value)}</strong>${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function issuer(v: View): string | undefined {
  const { name, id, country, region } = v.facts.issuer;
  if (!name && !id) return undefined;
  const place = [region, country].filter(Boolean).join(', ');
  return `${link(v.issuerHref, esc(name ?? id))}${place ? `, ${inCredLang(place, v)}` : ''}`;
}

function qualityAssurance(v: View): string | undefined {
  const items = v.facts.qualityAssurance.map((qa) => {
    const name = link(qa.url, inCredLang(conceptName(qa, v.lang, v.facts.lang), v));
    return qa.description ? `${name}: ${inCredLang(qa.description, v)}` : name;
  });
  const body = v.facts.qualityAssuranceBody;
  if (body)
    items.push(`${esc(v.t('facts.qualityAssuranceBody'))}: ${link(body.url, inCredLang(body.name, v))}`);
  return items.length ? items.join('<br>') : undefined;
}

function levels(v: View): string | undefined {
  const list = [v.facts.eqf, v.facts.nqf].filter((c): c is FactConcept => c !== undefined);
  return list.length ? concepts(list, v) : undefined;
}

function participation(v: View): string | undefined {
  const { participation: mode, setting } = v.facts;
  if (!mode && !setting) return undefined;
  return concepts(
    [mode, setting].filter((c): c is FactConcept => c !== undefined),
    v,
  );
}

function outcomes(v: View): string {
  const { outcomes: list, skills } = v.facts;
  if (list.length === 0 && skills.length === 0) return '';
  const skillLinks = (s: FactConcept[]) =>
    s.length
      ? ` <span class="skills">${s.map((k, i) => link(k.url, esc(v.t('facts.escoSkill', { n: i + 1 })))).join(' ')}</span>`
      : '';
  const items = list.map((o) => `<li>${inCredLang(o.text, v)}${skillLinks(o.skills)}</li>`);
  const loose = skills.length
    ? `<p>${esc(v.t('facts.escoSkills'))}: ${skills.map((s) => link(s.url, inCredLang(s.name, v))).join(', ')}</p>`
    : '';
  return `<h3>${esc(v.t('facts.outcomes'))}</h3>${items.length ? `<ul class="outcomes">${items.join('')}</ul>` : ''}${loose}`;
}

function stacking(v: View): string | undefined {
  const { isPartOf, combines, stackabilityMode: mode } = v.facts;
  const parts = [
    mode ? inCredLang(conceptName(mode, v.lang, v.facts.lang), v) : '',
    isPartOf.length ? `${esc(v.t('facts.isPartOf'))}: ${concepts(isPartOf, v)}` : '',
    combines.length ? `${esc(v.t('facts.combines'))}: ${concepts(combines, v)}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('<br>') : undefined;
}

/** The rows of the facts list, each label beside its value. */
function rows(v: View): string {
  const { t, facts, lang } = v;
  const text = (s: string | undefined) => (s ? inCredLang(s, v) : undefined);
  return [
    row(t('facts.learner'), facts.learner ? `<strong>${esc(facts.learner)}</strong>` : undefined),
    row(t('facts.title'), text(facts.title)),
    row(t('facts.issuer'), issuer(v)),
    row(t('facts.awarded'), esc(formatDate(facts.awarded, lang) ?? '') || undefined),
    row(t('facts.validUntil'), esc(formatDate(facts.validUntil, lang) ?? '') || undefined),
    row(t('facts.grade'), grade(v)),
    row(t('facts.workload'), workload(v)),
    row(t('facts.level'), levels(v)),
    row(t('facts.field'), facts.field ? concepts([facts.field], v) : undefined),
    row(t('facts.assessment'), facts.assessment.length ? concepts(facts.assessment, v) : undefined),
    row(t('facts.participation'), participation(v)),
    row(t('facts.qualityAssurance'), qualityAssurance(v)),
    row(t('facts.supervision'), facts.supervision ? concepts([facts.supervision], v) : undefined),
    row(t('facts.prerequisites'), text(facts.prerequisites)),
    row(t('facts.stackability'), stacking(v)),
    row(t('facts.other'), facts.other.length ? concepts(facts.other, v) : undefined),
    row(t('facts.furtherInformation'), text(facts.furtherInformation)),
  ].join('');
}

/** What the credential certifies, for someone who has never heard of its issuer. */
export function renderFacts(facts: CredentialFacts, t: Translate, lang: Lang, issuerHref?: string): string {
  const v: View = { t, lang, facts, issuerHref };
  const micro =
    facts.achievementType === 'MicroCredential'
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
<h2 id="facts-title">${esc(t('facts.heading'))}</h2>${micro}${description}<dl class="pairs">${rows(v)}</dl>
${outcomes(v)}${criteria}${note}</section>`;
}
