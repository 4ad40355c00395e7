import { PHRASES } from '../ob3/text.js';
import { LANGUAGES } from '../types.js';

/**
 * The parts of a criteria narrative Tilts writes (core/ob3/text.ts `criteriaNarrative`): the criteria
 * text, then `**Learning outcomes**` with a Markdown list, then `**Label:** text` paragraphs.
 */
export interface Narrative {
  /** the paragraphs no label of ours introduces: the criteria themselves */
  criteria?: string;
  outcomes: string[];
  prerequisites?: string;
  /** the workload as the narrative states it, e.g. "80 st. (3 ECTS kredītpunkti)" */
  workload?: string;
  awardingBody?: string;
  furtherInformation?: string;
}

/** Lists a narrative may make long are read up to this many entries. */
export const MAX_NARRATIVE_ITEMS = 50;

type Section = Exclude<keyof Narrative, 'criteria'>;
const SECTIONS: readonly Section[] = [
  'outcomes',
  'prerequisites',
  'workload',
  'awardingBody',
  'furtherInformation',
];
/** Each label of ours, in every catalogue language, with the part it introduces. */
const LABELS = new Map<string, Section>(
  LANGUAGES.flatMap((lang) =>
    SECTIONS.flatMap((key): Array<[string, Section]> => {
      const label = PHRASES[lang][key];
      return label ? [[label, key]] : [];
    }),
  ),
);

const listItems = (block: string): string[] =>
  [...block.matchAll(/^\s*[-*+]\s+(.*\S)\s*$/gm)].map((m) => m[1] as string);

/**
 * Splits a criteria narrative (OB 3.0 Criteria.narrative, Markdown) into the parts Tilts labels, in
 * any of its languages; what no label introduces is the criteria text. Another issuer's narrative,
 * which carries none of our labels, is all criteria. Pure; the outcome list is bounded.
 */
export function readNarrative(narrative: string | undefined): Narrative {
  const out: Narrative = { outcomes: [] };
  const free: string[] = [];
  let inOutcomes = false;
  for (const raw of (narrative ?? '').split(/\r?\n\s*\r?\n/)) {
    const block = raw.trim();
    const labelled = /^\*\*([^*]+?):?\*\*:?\s*([\s\S]*)$/.exec(block);
    const section = labelled ? LABELS.get((labelled[1] as string).trim()) : undefined;
    const text = (labelled?.[2] ?? '').trim();
    if (section === 'outcomes' || (inOutcomes && !labelled && listItems(block).length > 0)) {
      inOutcomes = true;
      out.outcomes.push(...listItems(section ? text : block));
    } else if (section) {
      inOutcomes = false;
      out[section] = text;
    } else if (block !== '') {
      inOutcomes = false;
      free.push(block);
    }
  }
  out.outcomes = out.outcomes.slice(0, MAX_NARRATIVE_ITEMS);
  if (free.length > 0) out.criteria = free.join('\n\n');
  return out;
}
