import jsonld from 'jsonld';
import type { DocumentLoader } from 'jsonld';
import type { ShapeCache } from './shapes.js';

export interface JsonLdIssue {
  /** JSON pointer to the offending property where it can be located, else "" */
  pointer: string;
  detail: string;
  /** jsonld event code, e.g. "invalid property", "invalid type value", or "loading document failed" */
  code: string;
}

/** Finds JSON pointers to every occurrence of a property name in a document. */
function pointersTo(doc: unknown, property: string, base = ''): string[] {
  if (Array.isArray(doc)) return doc.flatMap((item, i) => pointersTo(item, property, `${base}/${i}`));
  if (doc === null || typeof doc !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const here = `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key === property) out.push(here);
    if (key !== '@context') out.push(...pointersTo(value, property, here));
  }
  return out;
}

/** A safe-mode expansion: every issue found, and the expanded document when there were none. */
export interface SafeExpansion {
  issues: JsonLdIssue[];
  /** JSON-LD 1.1 expanded form; present only when `issues` is empty (then equal to safe-mode output) */
  expanded?: unknown;
}

/**
 * JSON-LD safe-mode expansion (JSON-LD 1.1 "safe mode", as 1EdTech certification runs it): expands the
 * document with the closed loader and reports every term that does not expand to an IRI, every
 * invalid @type value and every context that cannot be loaded — all of them, not just the first.
 * The base IRI is null, as in RDF Dataset Canonicalization for Data Integrity (VC-DI-EDDSA §3.3.1),
 * so an issue-free expansion is the very one canonicalization would compute. With `shapes` (bound to
 * this loader) a document whose skeleton was seen before is expanded from its template (./shapes.ts).
 */
export async function expandSafely(
  doc: unknown,
  documentLoader: DocumentLoader,
  shapes?: ShapeCache,
): Promise<SafeExpansion> {
  if (!shapes) return expandEach(doc, documentLoader);
  let own: SafeExpansion | undefined;
  const expanded = await shapes.expand(doc, async (input) => {
    const result = await expandEach(input, documentLoader);
    if (input === doc) own = result;
    return result.expanded;
  });
  return own ?? { issues: [], expanded };
}

/** {@link expandSafely} of one document, by the JSON-LD processor itself. */
async function expandEach(doc: unknown, documentLoader: DocumentLoader): Promise<SafeExpansion> {
  const issues: JsonLdIssue[] = [];
  const eventHandler = ({
    event,
  }: {
    event: { code: string; message: string; details?: Record<string, unknown> };
  }) => {
    const property = typeof event.details?.property === 'string' ? event.details.property : undefined;
    const pointer = property ? (pointersTo(doc, property)[0] ?? '') : '';
    const what = property ? `"${property}" is not defined by the document's @context` : event.message;
    issues.push({ pointer, code: event.code, detail: what });
  };
  let expanded: unknown;
  try {
    expanded = await jsonld.expand(doc, { documentLoader, safe: false, base: null, eventHandler });
  } catch (error) {
    const err = error as {
      name?: string;
      message?: string;
      details?: { url?: string; cause?: { message?: string } };
    };
    const url = err.details?.url;
    issues.push({
      pointer: '/@context',
      code: 'loading document failed',
      detail: url
        ? `context ${url} is not known to this service (contexts are never fetched)`
        : String(err.message),
    });
  }
  return issues.length === 0 ? { issues, expanded } : { issues };
}

/** The issues of {@link expandSafely} alone. */
export async function checkSafeExpansion(
  doc: unknown,
  documentLoader: DocumentLoader,
  shapes?: ShapeCache,
): Promise<JsonLdIssue[]> {
  return (await expandSafely(doc, documentLoader, shapes)).issues;
}
