import type { AchievementRecord, Lang, LangMap } from '../types.js';
import { MICRO_CREDENTIAL_RECOMMENDATION, paths, STACKABILITY_CODE, TARGET_TYPE } from './constants.js';
import { pickText } from './text.js';
import type { Alignment } from './types.js';

export interface StackabilityContext {
  lang: Lang;
  publicUrl: string;
  /** titles of the achievements named in `stackability`, keyed by the id used there */
  linkedAchievementTitles?: Record<string, LangMap>;
}

type Mode = 'stand-alone' | 'integrated';

const MODE_LABEL: Readonly<Record<Mode, Record<Lang, string>>> = {
  'stand-alone': {
    en: 'Stand-alone, independent micro-credential',
    lv: 'Patstāvīga, neatkarīga mikrokvalifikācija',
    lt: 'Savarankiškas, nepriklausomas mikrokredencialas',
  },
  integrated: {
    en: 'Integrated, stackable towards another credential',
    lv: 'Integrēta, uzkrājama citas kvalifikācijas iegūšanai',
    lt: 'Integruotas, kaupiamas siekiant kito kredencialo',
  },
};

const MODE_FRAMEWORK: Readonly<Record<Lang, string>> = {
  en: 'EU Council Recommendation on micro-credentials (2022), Annex I: stackability options',
  lv: 'ES Padomes ieteikums par mikrokvalifikācijām (2022), I pielikums: uzkrāšanas iespējas',
  lt: 'ES Tarybos rekomendacija dėl mikrokredencialų (2022), I priedas: kaupimo galimybės',
};

/** How each direction reads, seen from this achievement. */
const DIRECTION: Readonly<Record<'isPartOf' | 'combines', Record<Lang, string>>> = {
  isPartOf: {
    en: 'This micro-credential is part of',
    lv: 'Šī mikrokvalifikācija ir daļa no',
    lt: 'Šis mikrokredencialas yra dalis',
  },
  combines: {
    en: 'This micro-credential combines',
    lv: 'Šī mikrokvalifikācija apvieno',
    lt: 'Šis mikrokredencialas apima',
  },
};

/** The stackability option as its readers name it: "Integrated, stackable towards another credential". */
export function stackabilityModeLabel(mode: Mode, lang: Lang): string {
  return MODE_LABEL[mode][lang];
}

const isUrl = (ref: string): boolean => /^https?:\/\//.test(ref);

/** How a linked credential is named when its title is not Tilts' to know (another issuer's). */
const ANOTHER_ISSUER: Readonly<Record<Lang, string>> = {
  en: 'A credential of another issuer',
  lv: 'Cita izdevēja kvalifikācija',
  lt: 'Kito išdavėjo kredencialas',
};

/** Where a stackability entry points: the issuer's own achievement by id, or another issuer's URL as given. */
export function linkedCredentialUrl(ref: string, publicUrl: string): string {
  return isUrl(ref) ? ref : paths.achievement(publicUrl, ref);
}

/**
 * The name of a linked credential in `lang`: the title of one of the issuer's own achievements, or, for
 * another issuer's URL (whose title Tilts does not hold), a phrase naming its host. Never a bare URL: a
 * URL is an address, not a name (the address travels beside the name, as `targetUrl` or `id`).
 */
export function linkedCredentialName(
  ref: string,
  titles: Record<string, LangMap> | undefined,
  lang: Lang,
): string {
  const title = isUrl(ref) ? undefined : pickText(titles?.[ref], lang);
  if (title) return title;
  const host = isUrl(ref) ? URL.parse(ref)?.host : undefined;
  return host ? `${ANOTHER_ISSUER[lang]} (${host})` : ANOTHER_ISSUER[lang];
}

/**
 * Stackability (EU Recommendation Annex I) as OB alignments: the option (stand-alone or integrated) and
 * one `ceterms:Credential` alignment per linked credential, named by its title in the credential's
 * language, with the direction in `targetCode` (`ceterms:isPartOf` / `ceterms:hasPart`) and in words.
 * Another issuer's achievement is shown as given: its URL is the target, named by its host.
 */
export function stackabilityAlignments(
  achievement: AchievementRecord,
  ctx: StackabilityContext,
): Alignment[] {
  const stackability = achievement.stackability;
  if (!stackability) return [];
  const { lang } = ctx;
  const link = (ref: string, direction: 'isPartOf' | 'combines'): Alignment => {
    const targetUrl = linkedCredentialUrl(ref, ctx.publicUrl);
    const targetName = linkedCredentialName(ref, ctx.linkedAchievementTitles, lang);
    // another issuer's credential is shown as given: its address is part of what is said about it
    const named = isUrl(ref) ? `${targetName}, ${targetUrl}` : targetName;
    return {
      type: ['Alignment'],
      targetName,
      targetUrl,
      targetType: TARGET_TYPE.stackability,
      targetCode: STACKABILITY_CODE[direction],
      targetDescription: `${DIRECTION[direction][lang]}: ${named}`,
    };
  };
  return [
    {
      type: ['Alignment'],
      targetName: stackabilityModeLabel(stackability.mode, lang),
      targetUrl: MICRO_CREDENTIAL_RECOMMENDATION,
      targetFramework: MODE_FRAMEWORK[lang],
      targetType: TARGET_TYPE.stackabilityMode,
      targetCode: stackability.mode,
    },
    ...stackability.isPartOf.map((ref) => link(ref, 'isPartOf')),
    ...stackability.combines.map((ref) => link(ref, 'combines')),
  ];
}
