import { ELM_VOLUME_OF_LEARNING, TARGET_TYPE } from '../ob3/constants.js';
import { CREDIT_SYSTEM_KEYS, creditSystem } from '../vocab/credit-systems.js';
import type { AchievementFacts, Alignment, CreditsFact } from './facts.js';
import type { Narrative } from './narrative.js';
import type { JsonRecord } from './util.js';

/** A credit alignment: Tilts' credit-points type, or any target in the EU education-credit scheme. */
export const isCreditAlignment = (a: Alignment): boolean =>
  a.type === TARGET_TYPE.credits || /\/snb\/education-credit\//.test(a.url);

/** Credit alignments that state their value, each with its system: ECTS, ECVET or a national unit by its country. */
function creditsOf(alignments: Alignment[]): CreditsFact[] {
  return alignments.flatMap((a) => {
    const value = Number(a.code);
    if (!isCreditAlignment(a) || a.code === undefined || !Number.isFinite(value)) return [];
    const system = CREDIT_SYSTEM_KEYS.find((key) => {
      const known = creditSystem(key);
      if (known?.uri !== a.url) return false;
      return !known.country || Object.values(known.label).includes(a.framework ?? '');
    });
    return [
      {
        value,
        ...(system ? { system } : {}),
        systemUrl: a.url,
        ...(a.framework ? { systemName: a.framework } : {}),
      },
    ];
  });
}

/** Hours in an ISO 8601 duration of hours and minutes ("PT80H", "PT1H30M"); days are not hours of learning. */
function durationHours(duration: string | undefined): number | undefined {
  const match = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?$/.exec(duration ?? '');
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) + Number(match[2] ?? 0) / 60;
}

/** Hours from the workload line Tilts wrote before it aligned the workload: "80 st. (3 ECTS)". */
function statedHours(workload: string | undefined): number | undefined {
  const hours = /^(\d+(?:[.,]\d+)?)\s*(?:h|st\.|val\.)(?!\p{L})/u.exec(workload ?? '')?.[1];
  return hours === undefined ? undefined : Number(hours.replace(',', '.'));
}

/**
 * The notional workload a credential states (EU Recommendation Annex I; how Tilts writes it:
 * core/ob3/workload.ts): hours from the ELM volume-of-learning alignment, credits from credit
 * alignments, OB `creditsAvailable`; undefined when it states none of them.
 */
export function workloadOf(
  achievement: JsonRecord,
  alignments: Alignment[],
  narrative: Narrative,
): AchievementFacts['workload'] {
  const volume = alignments.find((a) => a.type === TARGET_TYPE.workload || a.url === ELM_VOLUME_OF_LEARNING);
  const hours = volume ? durationHours(volume.code) : statedHours(narrative.workload);
  const credits = creditsOf(alignments);
  const available =
    typeof achievement.creditsAvailable === 'number' ? achievement.creditsAvailable : undefined;
  if (!volume?.code && hours === undefined && credits.length === 0 && available === undefined)
    return undefined;
  return {
    ...(hours !== undefined ? { hours } : {}),
    ...(volume?.code ? { duration: volume.code } : {}),
    credits,
    ...(available !== undefined ? { creditsAvailable: available } : {}),
  };
}
