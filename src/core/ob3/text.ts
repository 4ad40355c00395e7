import { LANGUAGES, type AchievementRecord, type Lang, type LangMap, type Organisation } from '../types.js';
import { countryName } from '../vocab/country.js';
import type { Ob3ErrorDetail } from './errors.js';
import { workloadText } from './workload.js';

/** Fallback order for optional texts missing in the credential language (DESIGN: en → lv → lt). */
const FALLBACK: readonly Lang[] = ['en', 'lv', 'lt'];

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The text in `lang`, else the first of en, lv, lt that exists; undefined when the map is empty. */
export function pickText(map: LangMap | undefined, lang: Lang): string | undefined {
  if (!map) return undefined;
  const value = map[lang];
  if (nonEmpty(value)) return value;
  return FALLBACK.map((l) => map[l]).find(nonEmpty);
}

/**
 * Every text an Achievement edition needs in its own language (OB 3.0 has no language maps: one
 * Achievement per language). Returns the pointers (into the AchievementRecord) of the missing ones.
 */
export function missingTexts(achievement: AchievementRecord, lang: Lang): Ob3ErrorDetail[] {
  const required: Array<[string, LangMap | undefined]> = [
    ['/title', achievement.title],
    ['/description', achievement.description],
    ['/criteria', achievement.criteria],
    ...achievement.learningOutcomes.map((outcome, i): [string, LangMap | undefined] => [
      `/learningOutcomes/${i}/text`,
      outcome.text,
    ]),
  ];
  return required
    .filter(([, map]) => !nonEmpty(map?.[lang]))
    .map(([pointer]) => ({ pointer: `${pointer}/${lang}`, detail: `no "${lang}" text` }));
}

/** The languages in which the achievement has every required text, in our language order. */
export function availableLanguages(achievement: AchievementRecord): Lang[] {
  return LANGUAGES.filter((lang) => missingTexts(achievement, lang).length === 0);
}

/** Fixed phrases Tilts writes into the criteria narrative, per language. */
export const PHRASES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    outcomes: 'Learning outcomes',
    prerequisites: 'Prerequisites',
    workload: 'Notional workload',
    awardingBody: 'Awarding body',
    identifier: 'identifier',
    furtherInformation: 'Further information',
  },
  lv: {
    outcomes: 'Mācīšanās rezultāti',
    prerequisites: 'Priekšnosacījumi',
    workload: 'Paredzētā darba slodze',
    awardingBody: 'Piešķīrējs',
    identifier: 'identifikators',
    furtherInformation: 'Papildu informācija',
  },
  lt: {
    outcomes: 'Mokymosi rezultatai',
    prerequisites: 'Išankstiniai reikalavimai',
    workload: 'Numatomas darbo krūvis',
    awardingBody: 'Suteikianti institucija',
    identifier: 'identifikatorius',
    furtherInformation: 'Papildoma informacija',
  },
};

/** "Valsts izglītības kvalitātes dienests (Latvija), identifikators 90001, https://…": one line, one language. */
export function organisationText(body: Organisation, lang: Lang): string {
  const parts = [`${pickText(body.name, lang) ?? ''} (${countryName(body.country, lang)})`];
  if (body.identifier) parts.push(`${PHRASES[lang].identifier} ${body.identifier}`);
  if (body.url) parts.push(body.url);
  return parts.join(', ');
}

/** One line of Markdown: collapses newlines so a list item stays one item. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/**
 * The criteria narrative (OB 3.0 Criteria.narrative, Markdown): the criteria text, the learning
 * outcomes as a Markdown list, then prerequisites, the workload (hours and credits with their system),
 * the awarding body when it is not the issuer, and further information.
 */
export function criteriaNarrative(achievement: AchievementRecord, lang: Lang): string {
  const phrase = PHRASES[lang];
  const outcomes = achievement.learningOutcomes.map((o) => `- ${oneLine(o.text[lang] ?? '')}`);
  const parts = [
    (achievement.criteria[lang] ?? '').trim(),
    `**${phrase.outcomes}**\n\n${outcomes.join('\n')}`,
  ];
  const prerequisites = pickText(achievement.prerequisites, lang);
  if (prerequisites) parts.push(`**${phrase.prerequisites}:** ${prerequisites.trim()}`);
  parts.push(`**${phrase.workload}:** ${workloadText(achievement.workload, lang)}`);
  if (achievement.awardingBody)
    parts.push(`**${phrase.awardingBody}:** ${organisationText(achievement.awardingBody, lang)}`);
  const further = pickText(achievement.furtherInformation, lang);
  if (further) parts.push(`**${phrase.furtherInformation}:** ${further.trim()}`);
  return parts.join('\n\n');
}
