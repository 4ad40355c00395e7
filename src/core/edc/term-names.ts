/** Names an IRI by the JSON-LD term a context gives it (`…/elm/eidasLegalIdentifier` → `eIDASIdentifier`). */
export type TermNamer = (iri: string) => string;

/** Terms of the VC 1.1 context the EDC uses, whose IRIs the edc-ap context does not define. */
const VC_TERMS: Record<string, string> = {
  'https://www.w3.org/2018/credentials#': '',
  'http://www.w3.org/2004/02/skos/core#inScheme': 'inScheme',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#type': 'type',
};

/**
 * Builds the reverse term map of a JSON-LD context (compact IRIs expanded with its prefixes). IRIs the
 * context does not name keep their local name.
 */
export function termNamer(contextDocument: Record<string, unknown>): TermNamer {
  const context = (contextDocument['@context'] ?? contextDocument) as Record<string, unknown>;
  const prefixes = new Map<string, string>();
  for (const [term, def] of Object.entries(context)) {
    if (typeof def === 'string' && /[/#]$/.test(def)) prefixes.set(term, def);
  }
  const expand = (id: string): string => {
    const colon = id.indexOf(':');
    const prefix = colon > 0 ? prefixes.get(id.slice(0, colon)) : undefined;
    return prefix ? prefix + id.slice(colon + 1) : id;
  };
  const names = new Map<string, string>();
  for (const [term, def] of Object.entries(context)) {
    if (term.startsWith('@') || prefixes.has(term)) continue;
    const id = typeof def === 'string' ? def : (def as { '@id'?: unknown } | null)?.['@id'];
    // the first term wins: the context lists the property before class-scoped aliases
    if (typeof id === 'string' && !names.has(expand(id))) names.set(expand(id), term);
  }
  for (const [iri, term] of Object.entries(VC_TERMS)) if (term) names.set(iri, term);
  return (iri) => names.get(iri) ?? iri.replace(/^.*[#/]/, '');
}
