import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonld from 'jsonld';
import type { Options } from 'jsonld';

/**
 * Expanded documents waiting for their canonicalization, keyed by the exact JSON text of the document
 * they are the expansion of. Bounded: the oldest entry goes when `max` is reached (a miss only costs
 * the expansion again). An entry is used once.
 */
export interface ExpansionMemo {
  remember(document: unknown, expanded: unknown): void;
  take(document: unknown): unknown;
}

export function createExpansionMemo(max = 64): ExpansionMemo {
  const entries = new Map<string, unknown>();
  return {
    remember(document, expanded) {
      const key = JSON.stringify(document);
      entries.delete(key);
      entries.set(key, expanded);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    take(document) {
      const key = JSON.stringify(document);
      const expanded = entries.get(key);
      entries.delete(key);
      return expanded;
    },
  };
}

/** The cryptosuite object @digitalbazaar/data-integrity's DataIntegrityProof takes. */
export type Cryptosuite = typeof eddsaRdfc2022;

/** Properties a Data Integrity proof configuration may carry (VC Data Integrity §2.1 "Proofs"). */
const PROOF_OPTIONS = new Set([
  '@context',
  'id',
  'type',
  'cryptosuite',
  'created',
  'expires',
  'verificationMethod',
  'proofPurpose',
  'challenge',
  'domain',
  'nonce',
  'previousProof',
]);

/** Stands for `created` in a proof configuration's expansion; replaced by the real value. */
const CREATED = 'urn:tilts:proof-configuration-created';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isProofConfiguration(input: unknown): input is Record<string, unknown> & { created: string } {
  return (
    isRecord(input) &&
    input.type === 'DataIntegrityProof' &&
    typeof input.created === 'string' &&
    Object.keys(input).every((k) => PROOF_OPTIONS.has(k))
  );
}

/** Every place a string occurs in an expanded document (keys included), as [holder, key] pairs. */
function occurrences(node: unknown, value: string, found: Array<[Record<string, unknown>, string]> = []) {
  if (Array.isArray(node)) for (const item of node) occurrences(item, value, found);
  else if (isRecord(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === value) found.push([node, '']);
      if (child === value) found.push([node, key]);
      else occurrences(child, value, found);
    }
  }
  return found;
}

/**
 * Expands a proof configuration template: usable only when `created` became exactly one literal
 * `@value` (so any date string expands the same way, JSON-LD 1.1 §4.2.2 "Value Expansion").
 */
async function expandTemplate(template: Record<string, unknown>, options: Options): Promise<unknown> {
  let expanded: unknown;
  try {
    expanded = await jsonld.expand(template, {
      documentLoader: options.documentLoader,
      base: null,
      safe: true,
    });
  } catch {
    return null;
  }
  const found = occurrences(expanded, CREATED);
  return found.length === 1 && found[0]?.[1] === '@value' ? expanded : null;
}

export interface ReusedExpansionOptions {
  /** expansions already computed (by the safe-mode validation of the very same document) */
  expansions?: ExpansionMemo;
  /** proof configuration templates kept, at most (default 256) */
  maxTemplates?: number;
}

/**
 * The eddsa-rdfc-2022 cryptosuite (VC-DI-EDDSA §3.3) with its `canonize` fed by expansions already
 * made: the document's from `expansions`, when the safe-mode validation of that very JSON made one,
 * and the proof configuration's from a template expanded once per context, verification method and
 * purpose, with only `created` put in. RDF Dataset Canonicalization then runs on the expanded input
 * (`skipExpansion`), through the cryptosuite's own `canonize`, so hashes and proofs are the same bytes.
 * Anything else is canonicalized exactly as the cryptosuite does.
 */
export function createEddsaRdfc2022Cryptosuite(
  options: ReusedExpansionOptions = {},
): Cryptosuite & { reused: { documents: number; proofConfigurations: number } } {
  const reused = { documents: 0, proofConfigurations: 0 };
  const templates = new Map<string, unknown>();
  const maxTemplates = options.maxTemplates ?? 256;

  const fromTemplate = async (input: Record<string, unknown> & { created: string }, opts: Options) => {
    const template = { ...input, created: CREATED };
    const key = JSON.stringify(template);
    let expanded = templates.get(key);
    if (expanded === undefined) {
      expanded = await expandTemplate(template, opts);
      if (templates.size >= maxTemplates) templates.delete(templates.keys().next().value as string);
      templates.set(key, expanded);
    }
    if (expanded === null) return undefined;
    const copy = structuredClone(expanded);
    const [[holder]] = occurrences(copy, CREATED) as [[Record<string, unknown>, string]];
    holder['@value'] = input.created;
    return copy;
  };

  const canonize = async (input: unknown, opts: Options): Promise<string> => {
    const known = options.expansions?.take(input);
    if (known !== undefined) {
      reused.documents += 1;
      return eddsaRdfc2022.canonize(known, { ...opts, skipExpansion: true });
    }
    if (isProofConfiguration(input)) {
      const expanded = await fromTemplate(input, opts);
      if (expanded !== undefined) {
        reused.proofConfigurations += 1;
        return eddsaRdfc2022.canonize(expanded, { ...opts, skipExpansion: true });
      }
    }
    return eddsaRdfc2022.canonize(input, opts);
  };
  // `reused` counts the canonicalizations that skipped an expansion (tests, bench)
  return { ...eddsaRdfc2022, canonize, reused };
}
