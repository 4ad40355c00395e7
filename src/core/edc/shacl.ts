import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import jsonld, { type DocumentLoader } from 'jsonld';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import factory from 'rdf-validate-shacl/src/defaultEnv.js';
import type { ValidationResult } from 'rdf-validate-shacl/src/validation-report.js';
import { termNamer, type TermNamer } from './term-names.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const VC = 'https://www.w3.org/2018/credentials#VerifiableCredential';
const MAX_PROBLEMS = 50;

/** One violation of the EDC shapes: the property path from the credential root and the shape's message. */
export interface ShaclProblem {
  /** dotted JSON-LD term path from the credential, e.g. `credentialSubject.hasClaim.provenBy.grade` */
  path: string;
  detail: string;
}

export interface ShaclOutcome {
  conforms: boolean;
  problems: ShaclProblem[];
}

export interface EdcShapes {
  /** Turtle texts of the shape files, e.g. EDC-generic-no-cv.ttl and EDC-generic-full.ttl */
  turtle: string[];
  /** the edc-ap context document, to name paths with its terms */
  context: Record<string, unknown>;
}

export type ShaclValidate = (credential: Record<string, unknown>) => Promise<ShaclOutcome>;

/** Edges of the data graph, to find how the credential reaches a focus node. */
function pathsFromRoot(data: DatasetCore, name: TermNamer): Map<string, string[]> {
  const out = new Map<string, Quad[]>();
  let root: Term | undefined;
  for (const q of data) {
    if (q.predicate.value === RDF_TYPE && q.object.value === VC) root = q.subject;
    const list = out.get(q.subject.value) ?? [];
    list.push(q);
    out.set(q.subject.value, list);
  }
  const paths = new Map<string, string[]>();
  if (!root) return paths;
  paths.set(root.value, []);
  const queue = [root.value];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const q of out.get(at) ?? []) {
      if (q.object.termType === 'Literal' || paths.has(q.object.value)) continue;
      paths.set(q.object.value, [...(paths.get(at) as string[]), name(q.predicate.value)]);
      queue.push(q.object.value);
    }
  }
  return paths;
}

function leaves(result: ValidationResult, prefix: string[], name: TermNamer): ShaclProblem[] {
  const step = result.path ? [name(result.path.value)] : [];
  const nested = result.detail;
  if (nested.length > 0) return nested.flatMap((d) => leaves(d, [...prefix, ...step], name));
  const message = result.message.map((m) => m.value).join('; ');
  const component = result.sourceConstraintComponent?.value.replace(/^.*#/, '') ?? 'constraint';
  return [{ path: [...prefix, ...step].join('.') || '(credential)', detail: `${message} (${component})` }];
}

/**
 * SHACL validation of an EDC (ELM 3.2, `edc-generic-full`): JSON-LD → RDF with the closed loader,
 * then rdf-validate-shacl against the shapes, parsed once here. Nested `sh:node` failures are followed
 * through `sh:detail`, so a problem names the full path (e.g. `issuer.eIDASIdentifier`).
 */
export function createShaclValidator(shapes: EdcShapes, documentLoader: DocumentLoader): ShaclValidate {
  const graph = factory.dataset();
  for (const text of shapes.turtle) for (const quad of new Parser().parse(text)) graph.add(quad);
  // edc-generic-full imports edc-generic-no-cv, which is already in the graph: resolve imports to nothing
  const validator = new SHACLValidator(graph, { factory, importGraph: () => factory.dataset() });
  const name = termNamer(shapes.context);
  return async (credential) => {
    const nquads = (await jsonld.toRDF(credential, {
      format: 'application/n-quads',
      documentLoader,
    })) as unknown as string;
    const data = factory.dataset(new Parser({ format: 'N-Quads' }).parse(nquads));
    const report = await validator.validate(data);
    if (report.conforms) return { conforms: true, problems: [] };
    const roots = pathsFromRoot(data, name);
    const problems = report.results.flatMap((r) =>
      leaves(r, roots.get(r.focusNode?.value ?? '') ?? [], name),
    );
    return { conforms: false, problems: problems.slice(0, MAX_PROBLEMS) };
  };
}
