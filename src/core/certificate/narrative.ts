import { PHRASES } from '../ob3/text.js';
import { LANGUAGES } from '../types.js';

/** The labelled parts of the criteria narrative Tilts writes (`**Label:** text`, `**Label**` + list). */
export interface Narrative {
  criteria?: string;
  outcomes: string[];
  prerequisites?: string;
  workload?: string;
  furtherInformation?: string;
}

type Section = 'outcomes' | 'prerequisites' | 'workload' | 'furtherInformation';
const LABELS: Array<[Section, string]> = LANGUAGES.flatMap((lang) =>
  (['outcomes', 'prerequisites', 'workload', 'furtherInformation'] as const).map((key): [Section, string] => [
    key,
    PHRASES[lang][key] ?? key,
  ]),
);

/**
 * Splits the criteria narrative Tilts writes into its labelled parts (in any of the catalogue languages);
 * unlabelled paragraphs are the criteria themselves.
 */
export function readNarrative(narrative: string | undefined): Narrative {
  const out: Narrative = { outcomes: [] };
  const free: string[] = [];
  let inOutcomes = false;
  for (const block of (narrative ?? '').split(/\n\s*\n/)) {
    const labelled = /^\*\*([^*]+?):?\*\*:?\s*([\s\S]*)$/.exec(block.trim());
    const key = labelled ? LABELS.find(([, label]) => label === labelled[1]?.trim())?.[0] : undefined;
    const items = [...block.matchAll(/^\s*[-*]\s+(.+)$/gm)].map((m) => (m[1] ?? '').trim());
    if (key === 'outcomes' || (inOutcomes && !labelled && items.length > 0)) {
      inOutcomes = true;
      out.outcomes.push(...items);
    } else if (key && labelled) {
      inOutcomes = false;
      out[key] = (labelled[2] ?? '').trim();
    } else if (block.trim() !== '') free.push(block.trim());
  }
  if (free.length > 0) out.criteria = free.join('\n\n');
  return out;
}
