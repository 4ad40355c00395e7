/**
 * Expansion by shape. Credentials of one achievement differ only in their literal values and ids (the
 * learner's name, the credential's id, its dates), so their JSON-LD expansions differ only there too.
 * A document's *skeleton* keeps its keys, `@context`, `type`, numbers and booleans, and puts a
 * numbered sentinel in place of every other string. The skeleton is expanded once (JSON-LD 1.1
 * §13 "Expansion Algorithm", safe mode, the same closed loader), and each sentinel is traced to where
 * it landed. A later document of the same skeleton is then expanded by putting its strings where the
 * sentinels landed, with no context processing at all.
 *
 * Sound because a string's place in the expanded form depends on the term that holds it, never on the
 * string itself, with two exceptions this module refuses:
 * - a string that becomes an IRI (`@id`, or `@type: @vocab`) is expanded by its own text: a compact
 *   IRI or a term would change it. The sentinel keeps the value's scheme (`did:`, `urn:`, `https:`),
 *   so a scheme that is also a prefix in the context changes the sentinel too, and the template is
 *   refused; a value without a scheme, or with white space, is never put into an IRI slot;
 * - a string that does not land exactly once, verbatim, as an `@id` or `@value` (a vocabulary-relative
 *   IRI such as `achievementType: "Certificate"`, a compact IRI) is kept in the skeleton as it is:
 *   its value becomes part of the template's key.
 * A template is built on the second sighting of a skeleton, so a document seen once costs one
 * expansion, not two. Refused skeletons are remembered; everything is bounded by `max`.
 */

/** Where a string landed in the expanded skeleton: the path to its holder, and what it became. */
interface Slot {
  /** the string's number in document order */
  index: number;
  path: Array<string | number>;
  kind: '@id' | '@value';
}

interface Template {
  expanded: unknown;
  slots: Slot[];
}

/** JSON-LD's test for an absolute IRI (jsonld.js `_isAbsoluteIri`): a scheme, a colon, no white space. */
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+,\-.]*:[^\s]*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+,\-.]*:/;
const SENTINEL = 'tilts-shape-slot-';
/** A document with more strings than this, or a longer skeleton, is expanded as it is (memory bound). */
const MAX_SLOTS = 4000;
const MAX_SKELETON_CHARS = 64 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Strings kept in the skeleton as they are: they decide which contexts and terms apply. */
const structural = (key: string) => key === 'type' || key.startsWith('@');
const sentinel = (value: string, n: number) => `${SCHEME.exec(value)?.[0] ?? ''}${SENTINEL}${n}`;

interface Skeleton {
  doc: unknown;
  key: string;
  /** every string that may be a slot, in document order */
  values: string[];
}

/** The skeleton of `doc` (strings numbered in `keep` stay as they are), or undefined when unusable. */
function skeletonOf(doc: unknown, keep: ReadonlySet<number> = new Set()): Skeleton | undefined {
  const values: string[] = [];
  // a sentinel's text in what the skeleton keeps could be mistaken for a slot
  let poisoned = false;
  const kept = <T>(value: T): T => {
    // undefined (a key set to undefined by the caller) stringifies to undefined
    poisoned ||= (JSON.stringify(value) ?? '').includes(SENTINEL);
    return value;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (node === '' || node.startsWith('@') || node.startsWith('_:')) return kept(node);
      values.push(node);
      return keep.has(values.length - 1) ? kept(node) : sentinel(node, values.length - 1);
    }
    if (Array.isArray(node)) return node.map(walk);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node))
      out[kept(key)] = structural(key) ? kept(child) : walk(child);
    return out;
  };
  const skeleton = walk(doc);
  if (poisoned || values.length > MAX_SLOTS) return undefined;
  const key = JSON.stringify(skeleton);
  return key.length > MAX_SKELETON_CHARS ? undefined : { doc: skeleton, key, values };
}

/**
 * Traces the sentinels of an expanded skeleton: the slots that landed exactly once, verbatim, as an
 * `@id` or `@value`, and the numbers of those that did not (`bad`); undefined when a sentinel's
 * number cannot be read.
 */
function traceSlots(expanded: unknown, skeleton: Skeleton, keep: ReadonlySet<number>) {
  const found = new Map<number, Slot>();
  const bad = new Set<number>();
  const numberIn = (text: string): number | undefined => {
    const at = text.indexOf(SENTINEL);
    return at < 0 ? undefined : Number(text.slice(at + SENTINEL.length).match(/^\d+/)?.[0] ?? NaN);
  };
  const stray = (text: string) => {
    const n = numberIn(text);
    if (n !== undefined) bad.add(n);
  };
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, i]));
    if (typeof node === 'string') return stray(node);
    if (!isRecord(node)) return;
    for (const [key, child] of Object.entries(node)) {
      stray(key);
      const n = typeof child === 'string' ? numberIn(child) : undefined;
      const value = n === undefined ? undefined : skeleton.values[n];
      const verbatim = value !== undefined && child === sentinel(value, n as number);
      // an IRI slot only for a value that is an IRI itself (a relative one stays in the key)
      const fits = key === '@value' || (key === '@id' && ABSOLUTE_IRI.test(value ?? ''));
      if (verbatim && fits && !found.has(n as number))
        found.set(n as number, { index: n as number, path: [...path, key], kind: key });
      else walk(child, [...path, key]);
    }
  };
  walk(expanded, []);
  if ([...bad].some((n) => Number.isNaN(n))) return undefined;
  for (let n = 0; n < skeleton.values.length; n += 1) if (!keep.has(n) && !found.has(n)) bad.add(n);
  for (const n of bad) found.delete(n);
  return { slots: [...found.values()], bad };
}

/** The template's expansion with `values` put in its slots; undefined when a value cannot go there. */
function fill(template: Template, values: string[]): unknown {
  for (const slot of template.slots)
    if (slot.kind === '@id' && !ABSOLUTE_IRI.test(values[slot.index] as string)) return undefined;
  const copy = structuredClone(template.expanded);
  for (const slot of template.slots) {
    let holder = copy as Record<string | number, unknown>;
    for (const step of slot.path.slice(0, -1)) holder = holder[step] as Record<string | number, unknown>;
    holder[slot.path[slot.path.length - 1] as string] = values[slot.index];
  }
  return copy;
}

export interface ShapeCache {
  /**
   * The expansion of `doc`: from its skeleton's template when there is one, else `expand(doc)`.
   * `expand` is the caller's safe-mode expansion (it returns undefined when the document has issues);
   * the skeleton is expanded with it too, so a template exists only for an issue-free skeleton.
   */
  expand(doc: unknown, expand: (doc: unknown) => Promise<unknown>): Promise<unknown>;
  /** documents expanded from a template, for tests and the bench */
  readonly hits: number;
  /** templates (and refusals) kept */
  readonly size: number;
}

type Expand = (doc: unknown) => Promise<unknown>;

/** A bounded map that forgets its oldest entry. */
function bounded<V>(max: number) {
  const map = new Map<string, V>();
  return {
    map,
    set(key: string, value: V) {
      map.set(key, value);
      if (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}

/** Per skeleton: the strings to keep as they are (or null when no template can be made), the templates. */
interface ShapeTables {
  keepers: ReturnType<typeof bounded<ReadonlySet<number> | null>>;
  templates: ReturnType<typeof bounded<Template | null>>;
}

/** The strings of `skeleton` that cannot be slots (expanding it once), or null. */
async function keepersOf(tables: ShapeTables, skeleton: Skeleton, expand: Expand) {
  const expanded = await expand(skeleton.doc);
  const traced = expanded === undefined ? undefined : traceSlots(expanded, skeleton, new Set());
  const keep = traced ? traced.bad : null;
  tables.keepers.set(skeleton.key, keep);
  if (traced && keep?.size === 0) tables.templates.set(skeleton.key, { expanded, slots: traced.slots });
  return keep;
}

async function templateOf(tables: ShapeTables, doc: unknown, keep: ReadonlySet<number>, expand: Expand) {
  const skeleton = skeletonOf(doc, keep);
  if (!skeleton) return undefined;
  let template = tables.templates.map.get(skeleton.key);
  if (template === undefined) {
    const expanded = await expand(skeleton.doc);
    const traced = expanded === undefined ? undefined : traceSlots(expanded, skeleton, keep);
    template = traced && traced.bad.size === 0 ? { expanded, slots: traced.slots } : null;
    tables.templates.set(skeleton.key, template);
  }
  return template === null ? undefined : { template, values: skeleton.values };
}

/**
 * A cache of expansion templates by skeleton, for one closed document loader: at most `max`
 * skeletons of at most 64 KiB each (seen, traced and templated), so ≈ max × 0.4 MiB at worst.
 */
export function createShapeCache(max = 128): ShapeCache {
  const tables: ShapeTables = {
    keepers: bounded<ReadonlySet<number> | null>(max),
    templates: bounded<Template | null>(max),
  };
  // a skeleton is traced only the second time it is seen: one-off shapes cost a single expansion
  const seen = bounded<true>(max);
  let hits = 0;
  return {
    get hits() {
      return hits;
    },
    get size() {
      return tables.templates.map.size;
    },
    async expand(doc, expand) {
      const skeleton = skeletonOf(doc);
      if (!skeleton) return expand(doc);
      let keep = tables.keepers.map.get(skeleton.key);
      if (keep === undefined) {
        if (!seen.map.has(skeleton.key)) {
          seen.set(skeleton.key, true);
          return expand(doc);
        }
        keep = await keepersOf(tables, skeleton, expand);
      }
      const found = keep ? await templateOf(tables, doc, keep, expand) : undefined;
      const filled = found ? fill(found.template, found.values) : undefined;
      if (filled === undefined) return expand(doc);
      hits += 1;
      return filled;
    },
  };
}
