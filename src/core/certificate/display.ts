import type { Translate } from '../../i18n/index.js';
import { stackabilityModeLabel } from '../ob3/stackability.js';
import type { Lang } from '../types.js';
import { labelIn, type PartialLabels } from '../vocab/concept.js';
import { COUNTRY_CODES, country, countryName } from '../vocab/country.js';
import { creditSystem } from '../vocab/credit-systems.js';
import {
  ASSESSMENT_TYPES,
  EQF,
  ISCED_F,
  LEARNING_SETTINGS,
  NQF,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
} from '../vocab/index.js';
import { LEGACY_SUPERVISION, SUPERVISION } from '../vocab/supervision.js';
import type { AchievementFacts, CreditsFact, Target } from '../verify/facts.js';
import type { CredentialFacts } from './facts.js';
import { formatDate, plural } from './format.js';

/**
 * A run of text as a person reads it: linked when `url` is given, marked with `lang` when it is written
 * in the credential's language rather than the reader's (screen readers switch voice), `strong` for
 * the learner's name and grade. A page escapes it; a PDF draws it.
 */
export interface Shown {
  text: string;
  url?: string;
  lang?: string;
  strong?: boolean;
}
export type Line = Shown[];

export type FactKey =
  | 'learner'
  | 'title'
  | 'issuer'
  | 'awardingBody'
  | 'awarded'
  | 'validUntil'
  | 'grade'
  | 'workload'
  | 'level'
  | 'field'
  | 'assessment'
  | 'participation'
  | 'qualityAssurance'
  | 'supervision'
  | 'prerequisites'
  | 'stackability'
  | 'other'
  | 'furtherInformation'
  | 'edition';

/** One element of what a credential certifies: its key (the label is the reader's to choose) and value. */
export interface FactRow {
  key: FactKey;
  lines: Line[];
}

export interface ShowOptions {
  /** the reader's language */
  lang: Lang;
  t: Translate;
  /** where a person can read about the issuer, when somewhere */
  issuerHref?: string;
}

interface View extends ShowOptions {
  facts: CredentialFacts;
  achievement: Partial<AchievementFacts>;
}

/** EU vocabularies whose labels Tilts holds in lv, en and lt (core/vocab). */
const VOCABULARIES = [
  EQF,
  NQF,
  ISCED_F,
  ASSESSMENT_TYPES,
  PARTICIPATION_FORMS,
  LEARNING_SETTINGS,
  QUALITY_ASSURANCE_TYPES,
  SUPERVISION,
];

/** The labels of a concept by its URI, including the supervision concepts Tilts minted before the EU's. */
function conceptLabels(url: string): PartialLabels | undefined {
  for (const vocabulary of VOCABULARIES) {
    const concept = vocabulary.byUri(url);
    if (concept) return concept.label;
  }
  const legacy = /\/vocab\/supervision\/([a-z-]+)$/.exec(url)?.[1];
  return legacy && Object.hasOwn(LEGACY_SUPERVISION, legacy) ? LEGACY_SUPERVISION[legacy]?.label : undefined;
}

/** Text the issuer wrote, in the credential's language. */
function own(text: string, v: View): Shown {
  const lang = v.facts.lang;
  return lang && lang !== v.lang ? { text, lang } : { text };
}

/**
 * A concept in the reader's language: the credential's own words when the reader reads its language,
 * else the EU vocabulary's label where Tilts holds one, else the credential's words (or its URL).
 */
function shownTarget(target: Target, v: View): Shown {
  const labels = conceptLabels(target.url);
  if (labels && (v.lang !== v.facts.lang || !target.name))
    return { text: labelIn({ label: labels }, v.lang), url: target.url };
  return { ...own(target.name ?? target.url, v), url: target.url };
}

/** Lines joined into one, with a separator between them. */
function joined(lines: Line[], separator = ', '): Line {
  return lines.flatMap((line, i) => (i === 0 ? line : [{ text: separator }, ...line]));
}

const targets = (list: Array<Target | undefined>, v: View): Line[] => {
  const shown = list.flatMap((t) => (t ? [[shownTarget(t, v)]] : []));
  return shown.length > 0 ? [joined(shown)] : [];
};

const text = (value: string | undefined, v: View): Line[] => (value ? [[own(value, v)]] : []);

/** A credit system by name: ECTS and ECVET as everyone writes them, a national unit with its country. */
function creditSystemName(credits: CreditsFact, v: View): Shown | undefined {
  const known = credits.system ? creditSystem(credits.system) : undefined;
  if (known) return { text: known.country ? known.unit[v.lang] : known.key.toUpperCase() };
  return credits.systemName ? own(credits.systemName, v) : undefined;
}

function creditsLine(value: number, system: Shown | undefined, v: View): Line {
  const counted = { text: plural(v.t, v.lang, 'plural.credits', value) };
  return system ? [counted, { text: ' (' }, system, { text: ')' }] : [counted];
}

/**
 * Credits with the system each counts in, then hours. A bare OB `creditsAvailable` (no credit
 * alignment) names no unit unless the narrative's workload line says ECTS: a national unit is never
 * passed off as ECTS.
 */
function workload(v: View): Line[] {
  const w = v.achievement.workload;
  if (!w) return [];
  const parts = w.credits.map((c) => creditsLine(c.value, creditSystemName(c, v), v));
  if (parts.length === 0 && w.creditsAvailable !== undefined) {
    const ects = /\bECTS\b/.test(v.facts.workloadStatement ?? '') ? { text: 'ECTS' } : undefined;
    parts.push(creditsLine(w.creditsAvailable, ects, v));
  }
  if (w.hours !== undefined) parts.push([{ text: plural(v.t, v.lang, 'plural.hours', w.hours) }]);
  return parts.length > 0 ? [joined(parts, ' · ')] : [];
}

/** An organisation named by the credential: linked to its site, with its country and identifier. */
function organisation(
  body: { name?: string; url?: string; country?: string; identifier?: string },
  v: View,
): Line {
  const inCountry = body.url ? COUNTRY_CODES.find((code) => country(code)?.uri === body.url) : undefined;
  const code = body.country ?? inCountry;
  const name = own(body.name ?? body.url ?? '', v);
  const line: Line = [inCountry ? name : { ...name, ...(body.url ? { url: body.url } : {}) }];
  if (code) line.push({ text: `, ${countryName(code, v.lang)}` });
  if (body.identifier) line.push({ text: `, ${v.t('facts.identifier', { value: body.identifier })}` });
  return line;
}

/** The type of quality assurance with what the issuer says of it, then the body that assures it. */
function qualityAssurance(v: View): Line[] {
  const qa = v.achievement.qualityAssurance;
  if (!qa) return [];
  const { type, body } = qa;
  // Tilts writes the body into the type's description too: say it once, on its own line
  const prefix = body?.description;
  const said =
    prefix && qa.description?.startsWith(prefix) ? qa.description.slice(prefix.length) : qa.description;
  const description = said?.replace(/^\s*—\s*/, '').trim();
  const lines: Line[] = [];
  if (type) lines.push([shownTarget(type, v), ...(description ? [{ text: ': ' }, own(description, v)] : [])]);
  else if (description) lines.push([own(description, v)]);
  if (body) lines.push([{ text: `${v.t('facts.qualityAssuranceBody')}: ` }, ...organisation(body, v)]);
  return lines;
}

/** Stand-alone or integrated, and the credentials this one is part of or combines, by title. */
function stackability(v: View): Line[] {
  const s = v.achievement.stackability;
  if (!s) return [];
  const lines: Line[] = [];
  if (s.mode === 'stand-alone' || s.mode === 'integrated')
    lines.push([{ text: stackabilityModeLabel(s.mode, v.lang) }]);
  else if (s.mode) lines.push([own(s.mode, v)]);
  const links = (key: string, list: Target[]) => {
    if (list.length === 0) return;
    const named = list.map((t): Line => [{ ...own(t.name ?? t.url, v), url: t.url }]);
    lines.push([{ text: `${v.t(key)}: ` }, ...joined(named)]);
  };
  links('facts.isPartOf', s.isPartOf);
  links('facts.combines', s.combines);
  return lines;
}

function grade(v: View): Line[] {
  const g = v.facts.grade;
  if (!g) return [];
  const notes = [
    ...(g.scheme ? [[own(g.scheme, v)]] : []),
    ...(g.required ? [[{ text: v.t('facts.gradeRequired', { value: g.required }) }]] : []),
  ];
  const value: Shown = { text: g.value, strong: true };
  return [notes.length > 0 ? [value, { text: ' (' }, ...joined(notes, '; '), { text: ')' }] : [value]];
}

function issuer(v: View): Line[] {
  const { name, id, country: place, region } = v.facts.issuer;
  if (!name && !id) return [];
  const where = [region, place].filter(Boolean).join(', ');
  const named: Shown = { text: name ?? id ?? '', ...(v.issuerHref ? { url: v.issuerHref } : {}) };
  return [where ? [named, { text: ', ' }, own(where, v)] : [named]];
}

/** The exact edition of the definition that was signed, where a person can open it. */
function edition(v: View): Line[] {
  const { id, version } = v.achievement;
  if (!id || !/^https?:\/\//.test(id)) return [];
  return [[{ text: version ? v.t('facts.editionVersion', { version }) : id, url: id }]];
}

const date = (iso: string | undefined, v: View): Line[] => {
  const shown = formatDate(iso, v.lang);
  return shown ? [[{ text: shown }]] : [];
};

const ROWS: ReadonlyArray<[FactKey, (v: View) => Line[]]> = [
  ['learner', (v) => (v.facts.learner ? [[{ text: v.facts.learner, strong: true }]] : [])],
  ['title', (v) => text(v.facts.title, v)],
  ['issuer', issuer],
  ['awardingBody', (v) => (v.achievement.awardingBody ? [organisation(v.achievement.awardingBody, v)] : [])],
  ['awarded', (v) => date(v.facts.awarded, v)],
  ['validUntil', (v) => date(v.facts.validUntil, v)],
  ['grade', grade],
  ['workload', workload],
  ['level', (v) => targets([v.achievement.eqfLevel, v.achievement.nqfLevel], v)],
  [
    'field',
    (v) => (v.achievement.field ? targets([v.achievement.field], v) : text(v.achievement.fieldOfStudy, v)),
  ],
  ['assessment', (v) => targets(v.achievement.assessment ?? [], v)],
  ['participation', (v) => targets([v.achievement.participation, v.achievement.learningSetting], v)],
  ['qualityAssurance', qualityAssurance],
  ['supervision', (v) => targets([v.achievement.supervision], v)],
  ['prerequisites', (v) => text(v.achievement.prerequisites, v)],
  ['stackability', stackability],
  ['other', (v) => targets(v.achievement.otherAlignments ?? [], v)],
  ['furtherInformation', (v) => text(v.achievement.furtherInformation, v)],
  ['edition', edition],
];

/**
 * Every element a credential states, in the reader's language, in the order a person reads them (EU
 * Recommendation Annex I elements, DESIGN §3): one list for the credential page, the verify page and the
 * PDF certificate, so each says the same. Elements the credential does not state are left out.
 */
export function factRows(facts: CredentialFacts, options: ShowOptions): FactRow[] {
  const v: View = { ...options, facts, achievement: facts.achievement ?? {} };
  return ROWS.flatMap(([key, read]) => {
    const lines = read(v);
    return lines.length > 0 ? [{ key, lines }] : [];
  });
}

/** The text of a row's lines, one per line (for a document without markup). */
export function plainText(lines: Line[]): string {
  return lines.map((line) => line.map((part) => part.text).join('')).join('\n');
}
