/** Shared test support for core/ob3: reference data, loaders, leaf paths. Not a test file. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentLoader } from 'jsonld';
import { packagedContexts } from '../../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../../src/core/jsonld/document-loader.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PURL = 'openbadges/schema/purl/ob_v3p0_achievementcredential_schema.json';

/** The official purl AchievementCredential schema: data/reference when set up, else ../shared/specs. */
export function achievementCredentialSchema(): object {
  const local = resolve(repo, 'data/reference', PURL);
  const path = existsSync(local) ? local : resolve(repo, '../shared/specs', PURL);
  return JSON.parse(readFileSync(path, 'utf8')) as object;
}

export interface TestVector {
  keyPair: { id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string };
  unsignedCredential: Record<string, unknown>;
  proofOptions: { created: string; verificationMethod: string };
  proof: Record<string, unknown>;
  signedCredential: Record<string, unknown>;
}

export function obTestVector(): TestVector {
  const path = resolve(repo, '../shared/specs/openbadges/examples/linked-data-proof-ob-test-vector.json');
  return JSON.parse(readFileSync(path, 'utf8')) as TestVector;
}

/** The closed loader with packaged contexts only: what signing gets. */
export function contextsOnlyLoader(): DocumentLoader {
  return createDocumentLoader({ contexts: packagedContexts() });
}

export interface ControllerKey {
  controller: string;
  publicKeyMultibase: string;
}

/** The controller document an issuer profile publishes for its keys. */
export function controllerDocument({ controller, publicKeyMultibase }: ControllerKey) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: controller,
    assertionMethod: [
      { id: `${controller}#${publicKeyMultibase}`, type: 'Multikey', controller, publicKeyMultibase },
    ],
  };
}

/**
 * A verifier's loader: the controller document as a whole at the controller URL, and the verification
 * method at its own URL (dereferenced from that document by fragment). Records what was asked.
 */
export function controllerLoader(key: ControllerKey): { loader: DocumentLoader; requested: string[] } {
  const doc = controllerDocument(key);
  const requested: string[] = [];
  const loader = createDocumentLoader({
    contexts: packagedContexts(),
    resolvers: [
      async (url) => {
        requested.push(url);
        if (url === doc.id) return doc;
        const method = doc.assertionMethod.find((m) => m.id === url);
        return method ? { '@context': 'https://w3id.org/security/multikey/v1', ...method } : undefined;
      },
    ],
  });
  return { loader, requested };
}

export type Leaf = { path: Array<string | number>; value: string | number | boolean | null };

/** Every leaf (string, number, boolean, null) of a JSON value with its path. */
export function leaves(value: unknown, path: Array<string | number> = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [{ path, value: value as Leaf['value'] }];
}

/** A different value of the same JSON type: a changed last digit, an appended letter, +1, or negation. */
export function mutate(value: Leaf['value']): Leaf['value'] {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 'x';
  const i = value.search(/\d(?!.*\d)/);
  if (i < 0) return `${value}x`;
  return `${value.slice(0, i)}${(Number(value[i]) + 1) % 10}${value.slice(i + 1)}`;
}

/** A deep copy of `doc` with the leaf at `path` replaced. */
export function withLeaf<T>(doc: T, path: Array<string | number>, value: unknown): T {
  const copy = structuredClone(doc);
  let node = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, pointer: string): [Container, string] {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = parts.pop();
  let node = doc;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  if (last === undefined || node === null || typeof node !== 'object')
    throw new Error(`no parent for ${pointer}`);
  return [node as Container, last];
}

/** The value at an RFC 6901 pointer. */
export function getAt(doc: unknown, pointer: string): unknown {
  const [parent, key] = parentOf(doc, pointer);
  return (parent as Record<string, unknown>)[key];
}

/** Sets the value at an RFC 6901 pointer (in place). */
export function setAt(doc: unknown, pointer: string, value: unknown): void {
  const [parent, key] = parentOf(doc, pointer);
  (parent as Record<string, unknown>)[key] = value;
}

/** Removes the member at an RFC 6901 pointer (in place). */
export function removeAt(doc: unknown, pointer: string): void {
  const [parent, key] = parentOf(doc, pointer);
  delete (parent as Record<string, unknown>)[key];
}
