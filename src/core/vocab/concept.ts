import type { Lang } from '../types.js';

/** A label in each of our languages. */
export type Labels = Record<Lang, string>;

/** A label in English and, where translated, Latvian and Lithuanian. */
export type PartialLabels = { en: string } & Partial<Record<Exclude<Lang, 'en'>, string>>;

/** One concept of a controlled vocabulary: our stable key, the vocabulary's URI, and its labels. */
export interface Concept<K extends string = string, L extends PartialLabels = Labels> {
  key: K;
  uri: string;
  label: L;
}

/** Lookup over one controlled vocabulary. */
export interface Vocabulary<K extends string = string, L extends PartialLabels = Labels> {
  /** every key, in the vocabulary's order (usable as a JSON-Schema `enum`) */
  readonly keys: readonly K[];
  /** the concept for a key, or undefined for an unknown key */
  get(key: string): Concept<K, L> | undefined;
  isValid(key: unknown): key is K;
  /** the concept whose URI this is, or undefined */
  byUri(uri: string): Concept<K, L> | undefined;
}

/** Builds a frozen lookup over concepts given in order; keys and URIs must be unique. */
export function createVocabulary<K extends string, L extends PartialLabels = Labels>(
  concepts: ReadonlyArray<Concept<K, NoInfer<L>>>,
): Vocabulary<K, L> {
  const byKey = new Map<string, Concept<K, L>>();
  const byUriMap = new Map<string, Concept<K, L>>();
  for (const concept of concepts) {
    if (byKey.has(concept.key) || byUriMap.has(concept.uri)) {
      throw new Error(`duplicate vocabulary entry ${concept.key} ${concept.uri}`);
    }
    const frozen = Object.freeze({ ...concept, label: Object.freeze({ ...concept.label }) });
    byKey.set(concept.key, frozen);
    byUriMap.set(concept.uri, frozen);
  }
  const keys = Object.freeze(concepts.map((c) => c.key));
  return Object.freeze({
    keys,
    get: (key: string) => byKey.get(key),
    isValid: (key: unknown): key is K => typeof key === 'string' && byKey.has(key),
    byUri: (uri: string) => byUriMap.get(uri),
  });
}

/**
 * The label of a concept in a language, falling back to English (the EU vocabularies' reference
 * language) where no translation is encoded.
 */
export function labelIn(concept: { label: PartialLabels }, lang: Lang): string {
  return concept.label[lang] ?? concept.label.en;
}
