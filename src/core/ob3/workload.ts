import type { Lang, Workload } from '../types.js';
import { creditSystem, creditsText } from '../vocab/credit-systems.js';
import { ELM_VOLUME_OF_LEARNING, TARGET_TYPE } from './constants.js';
import { ob3Error } from './errors.js';
import type { Alignment } from './types.js';

const HOURS: Readonly<Record<Lang, string>> = { en: 'h', lv: 'st.', lt: 'val.' };
const VOLUME_FRAMEWORK: Readonly<Record<Lang, string>> = {
  en: 'European Learning Model: volume of learning (notional hours)',
  lv: 'Eiropas mācīšanās modelis: mācību apjoms (paredzētās stundas)',
  lt: 'Europos mokymosi modelis: mokymosi apimtis (numatytos valandos)',
};

/** Notional hours as an ISO 8601 duration, e.g. 80 → "PT80H" (ELM volumeOfLearning is xsd:duration). */
export function isoHours(hours: number): string {
  return `PT${hours}H`;
}

/** "80 st. (3 ECTS kredītpunkti)": the workload as the narrative states it, in one language. */
export function workloadText(workload: Workload, lang: Lang): string {
  const hours = `${workload.hours} ${HOURS[lang]}`;
  const { credits } = workload;
  return credits ? `${hours} (${creditsText(credits.system, credits.value, lang)})` : hours;
}

/**
 * The notional workload (EU Recommendation Annex I) machine-readably: the hours as an ISO 8601 duration
 * aligned to ELM `volumeOfLearning`, and the credits aligned to their system's URI with the value as
 * `targetCode` — ECTS and ECVET by their EU concepts, a national unit by its country (never as ECTS).
 */
export function workloadAlignments(workload: Workload, lang: Lang): Alignment[] {
  const out: Alignment[] = [
    {
      type: ['Alignment'],
      targetName: `${workload.hours} ${HOURS[lang]}`,
      targetUrl: ELM_VOLUME_OF_LEARNING,
      targetFramework: VOLUME_FRAMEWORK[lang],
      targetType: TARGET_TYPE.workload,
      targetCode: isoHours(workload.hours),
    },
  ];
  const { credits } = workload;
  if (credits) {
    const system = creditSystem(credits.system);
    if (!system)
      throw ob3Error(
        'unknown-vocabulary-key',
        '/achievement/workload/credits/system',
        'unknown credit system',
      );
    out.push({
      type: ['Alignment'],
      targetName: creditsText(credits.system, credits.value, lang),
      targetUrl: system.uri,
      targetFramework: system.label[lang],
      targetType: TARGET_TYPE.credits,
      targetCode: String(credits.value),
    });
  }
  return out;
}

/** OB `creditsAvailable` / `creditsEarned`: only ECTS credits, the unit OB readers assume. */
export function ectsCredits(workload: Workload): number | undefined {
  return workload.credits?.system === 'ects' ? workload.credits.value : undefined;
}
