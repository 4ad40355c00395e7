import type { AchievementRecord, GradeScheme, IssuerRecord, Lang, LangMap } from '../types.js';
import { labelIn } from '../vocab/concept.js';
import { iscedField } from '../vocab/isced-f.js';
import { buildAlignments } from './alignments.js';
import { ectsCredits } from './workload.js';
import { MICRO_CREDENTIAL, paths } from './constants.js';
import { Ob3Error, ob3Error } from './errors.js';
import { availableLanguages, criteriaNarrative, missingTexts, pickText } from './text.js';
import type { Achievement, Profile, Related, ResultDescription } from './types.js';

export interface AchievementContext {
  lang: Lang;
  publicUrl: string;
  issuer: IssuerRecord;
  creator: Profile;
  linkedAchievementTitles?: Record<string, LangMap>;
  /** the version before this one and the languages it had, to link it from `related` */
  previous?: { version: number; languages: readonly Lang[] };
}

/** Throws `language-not-available` unless the achievement has every required text in `lang`. */
export function assertLanguageAvailable(achievement: AchievementRecord, lang: Lang): void {
  const missing = missingTexts(achievement, lang).map((e) => ({ ...e, pointer: `/achievement${e.pointer}` }));
  if (missing.length > 0) throw new Ob3Error('language-not-available', missing);
}

/**
 * OB 3.0 Related (§B.2.10: "alternate language editions or previous versions"): the other language
 * editions of this version, and the previous version (in this language where it had one). Later
 * versions cannot be named inside a signed edition; its URL links them with HTTP `Link` headers.
 */
function relatedEditions(achievement: AchievementRecord, ctx: AchievementContext): Related[] {
  const { lang, publicUrl, previous } = ctx;
  const edition = (version: number, other: Lang): Related => ({
    id: paths.achievementEdition(publicUrl, achievement.id, version, other),
    type: ['Related'],
    inLanguage: other,
    version: String(version),
  });
  const related = availableLanguages(achievement)
    .filter((other) => other !== lang)
    .map((other) => edition(achievement.version, other));
  const earlier = previous?.languages.includes(lang) ? lang : previous?.languages[0];
  if (previous && earlier) related.push(edition(previous.version, earlier));
  return related;
}

/** The grade scheme as an OB ResultDescription; its id is a fragment of the edition's id. */
export function buildResultDescription(
  scheme: GradeScheme,
  achievementId: string,
  lang: Lang,
): ResultDescription {
  const name = pickText(scheme.name, lang);
  if (!name) throw ob3Error('invalid-input', '/achievement/gradeScheme/name', 'the grade scheme has no name');
  const description: ResultDescription = {
    id: `${achievementId}#result`,
    type: ['ResultDescription'],
    name,
    resultType: scheme.resultType,
  };
  if (scheme.allowedValues?.length) description.allowedValue = [...scheme.allowedValues];
  if (scheme.valueMin !== undefined) description.valueMin = scheme.valueMin;
  if (scheme.valueMax !== undefined) description.valueMax = scheme.valueMax;
  if (scheme.requiredValue !== undefined) description.requiredValue = scheme.requiredValue;
  return description;
}

/**
 * One language edition of the micro-credential as an OB 3.0 Achievement (§B.2.1), carrying the EU
 * Recommendation's elements with OB terms only (DESIGN §3).
 */
export function buildAchievement(achievement: AchievementRecord, ctx: AchievementContext): Achievement {
  const { lang, publicUrl, creator } = ctx;
  assertLanguageAvailable(achievement, lang);
  const id = paths.achievementEdition(publicUrl, achievement.id, achievement.version, lang);
  const field = iscedField(achievement.iscedField);
  if (!field) throw ob3Error('unknown-vocabulary-key', '/achievement/iscedField', 'unknown ISCED-F code');
  const built: Achievement = {
    id,
    type: ['Achievement'],
    achievementType: MICRO_CREDENTIAL,
    name: (achievement.title[lang] ?? '').trim(),
    description: (achievement.description[lang] ?? '').trim(),
    criteria: { narrative: criteriaNarrative(achievement, lang) },
    alignment: buildAlignments(achievement, ctx),
    fieldOfStudy: labelIn(field, lang),
    inLanguage: lang,
    version: String(achievement.version),
    creator: { id: creator.id, type: ['Profile'], name: creator.name },
  };
  const credits = ectsCredits(achievement.workload);
  if (credits !== undefined) built.creditsAvailable = credits;
  if (achievement.image) built.image = { id: achievement.image, type: 'Image' };
  const related = relatedEditions(achievement, ctx);
  if (related.length > 0) built.related = related;
  if (achievement.gradeScheme)
    built.resultDescription = [buildResultDescription(achievement.gradeScheme, id, lang)];
  return built;
}
