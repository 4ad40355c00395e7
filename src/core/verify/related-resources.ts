import * as base58 from 'base58-universal';
import { asArray, isRecord } from './util.js';

type Algorithm = 'sha256' | 'sha384';

/**
 * Published digests (hex) of the contexts this service holds locally, as their publishers state them
 * (VC 2.0 §B.1 "Base Context"). Only these resources can be checked offline: the bytes of the local
 * copies (npm packages) differ from the published bytes, so digests are compared with this table,
 * never computed. Every other resource is reported as unchecked.
 */
export const PUBLISHED_DIGESTS: Readonly<Record<string, Readonly<Record<Algorithm, string>>>> = {
  'https://www.w3.org/ns/credentials/v2': {
    sha256: '24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9',
    sha384:
      '35239c36999d2155312091af194a1edb61634d6ad789a5e5b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0',
  },
};

/** What is wrong with (or unknown about) one relatedResource entry. */
export interface RelatedResourceFinding {
  /** JSON Pointer below the credential, e.g. `/relatedResource/1/digestSRI` */
  pointer: string;
  kind: 'malformed' | 'duplicate' | 'mismatch' | 'unchecked';
  detail: string;
}

const SRI_ALGORITHMS: Record<string, Algorithm | undefined> = { sha256: 'sha256', sha384: 'sha384' };
const BY_LENGTH: Record<number, Algorithm> = { 32: 'sha256', 48: 'sha384' };
/** Multihash codes (multicodec table): sha2-256 0x12, sha2-384 0x20. */
const MULTIHASH: Record<number, Algorithm> = { 0x12: 'sha256', 0x20: 'sha384' };

type Digest = { algorithm: Algorithm; hex: string } | undefined;

/** SRI hash-expressions (`sha384-<base64>`, space-separated, options after `?`) we can compare. */
function sriDigests(value: string): Digest[] {
  return value
    .trim()
    .split(/\s+/)
    .map((expression) => {
      const [name = '', encoded = ''] = expression.split('?')[0]?.split(/-(.*)/s) ?? [];
      const algorithm = SRI_ALGORITHMS[name];
      if (!algorithm) return undefined;
      return {
        algorithm,
        hex: Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex'),
      };
    });
}

/** A Multibase digest (`u` base64url or `z` base58btc), raw or as a sha2-256 / sha2-384 multihash. */
function multibaseDigest(value: string): Digest {
  let bytes: Uint8Array;
  try {
    if (value.startsWith('u')) bytes = Buffer.from(value.slice(1), 'base64url');
    else if (value.startsWith('z')) bytes = base58.decode(value.slice(1));
    else return undefined;
  } catch {
    return undefined;
  }
  const raw = BY_LENGTH[bytes.length];
  if (raw) return { algorithm: raw, hex: Buffer.from(bytes).toString('hex') };
  const code = bytes[0] ?? -1;
  const algorithm = MULTIHASH[code];
  if (algorithm && bytes[1] === bytes.length - 2)
    return { algorithm, hex: Buffer.from(bytes.slice(2)).toString('hex') };
  return undefined;
}

function digestFindings(
  id: string,
  entry: Record<string, unknown>,
  pointer: string,
): RelatedResourceFinding[] {
  const published = PUBLISHED_DIGESTS[id];
  const fields = (['digestSRI', 'digestMultibase'] as const).filter((f) => entry[f] !== undefined);
  return fields.flatMap((field): RelatedResourceFinding[] => {
    const at = `${pointer}/${field}`;
    const value = entry[field];
    if (typeof value !== 'string')
      return [{ pointer: at, kind: 'malformed', detail: `${field} must be a string` }];
    const digests = (field === 'digestSRI' ? sriDigests(value) : [multibaseDigest(value)]).filter((d) => d);
    const comparable = published ? digests.filter((d) => d && published[d.algorithm]) : [];
    if (comparable.length === 0) {
      const why = published
        ? 'no digest in a form this verifier compares'
        : 'not a resource this verifier holds';
      return [{ pointer: at, kind: 'unchecked', detail: `${field} of ${id} is unchecked (${why})` }];
    }
    const wrong = comparable.some((d) => d && published?.[d.algorithm] !== d.hex);
    if (wrong)
      return [
        { pointer: at, kind: 'mismatch', detail: `${field} does not match the published digest of ${id}` },
      ];
    return [];
  });
}

/**
 * Checks `relatedResource` (VC 2.0 §5.3 "Integrity of Related Resources"): each entry an object with an
 * `id` unique among the entries and a `digestSRI` or `digestMultibase`; digests of the resources in
 * {@link PUBLISHED_DIGESTS} must match the published ones; any other digest is `unchecked`.
 */
export function checkRelatedResources(value: unknown): RelatedResourceFinding[] {
  if (value === undefined) return [];
  const entries = asArray(value);
  const seen = new Set<string>();
  return entries.flatMap((entry, i): RelatedResourceFinding[] => {
    const pointer = Array.isArray(value) ? `/relatedResource/${i}` : '/relatedResource';
    if (!isRecord(entry) || typeof entry.id !== 'string') {
      return [{ pointer, kind: 'malformed', detail: 'each relatedResource must be an object with an id' }];
    }
    if (seen.has(entry.id)) {
      return [
        {
          pointer: `${pointer}/id`,
          kind: 'duplicate',
          detail: `relatedResource ${entry.id} is listed twice`,
        },
      ];
    }
    seen.add(entry.id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined) {
      return [
        { pointer, kind: 'malformed', detail: 'each relatedResource needs a digestSRI or a digestMultibase' },
      ];
    }
    return digestFindings(entry.id, entry, pointer);
  });
}
