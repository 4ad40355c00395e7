#!/usr/bin/env node
// Fills data/reference/ with reference data that others publish and that no npm package ships:
// the official Open Badges 3.0 JSON schemas and the EDC (ELM 3) context and SHACL shapes.
// Never committed (DESIGN.md §4). Source, in order: REFERENCE_SOURCE (a folder laid out like
// ../shared/specs), ../shared/specs beside the checkout, then the canonical public URLs.
// A second run with everything present is a no-op.
import { access, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// the same defaults as src/config.ts: REFERENCE_DATA_DIR, else $DATA_DIR/reference, relative to the root
const env = (name) => (process.env[name] ? process.env[name] : undefined);
const target = resolve(root, env('REFERENCE_DATA_DIR') ?? join(env('DATA_DIR') ?? 'data', 'reference'));

const OB_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';
const ELM =
  'https://raw.githubusercontent.com/european-commission-empl/European-Learning-Model/EDC-3.2-(LTS)/';
/** [path inside the reference folder and ../shared/specs, canonical URL] */
const FILES = [
  [
    'openbadges/schema/purl/ob_v3p0_achievementcredential_schema.json',
    `${OB_SCHEMA}ob_v3p0_achievementcredential_schema.json`,
  ],
  [
    'openbadges/schema/purl/ob_v3p0_endorsementcredential_schema.json',
    `${OB_SCHEMA}ob_v3p0_endorsementcredential_schema.json`,
  ],
  ['openbadges/schema/purl/ob_v3p0_profile_schema.json', `${OB_SCHEMA}ob_v3p0_profile_schema.json`],
  ['edc/context/edc-ap-context.jsonld', 'http://data.europa.eu/snb/model/context/edc-ap'],
  ['edc/shapes/EDC-generic-full.ttl', `${ELM}rdf/ap/edc/EDC-generic-full.ttl`],
  ['edc/shapes/EDC-generic-no-cv.ttl', `${ELM}rdf/ap/edc/EDC-generic-no-cv.ttl`],
];

const exists = (p) =>
  access(p).then(
    () => true,
    () => false,
  );

async function fromFolder(folder, rel, dest) {
  if (!folder || !(await exists(join(folder, rel)))) return false;
  await copyFile(join(folder, rel), dest);
  return true;
}

async function fromUrl(url, dest) {
  const res = await fetch(url, { signal: AbortSignal.timeout(15000), redirect: 'follow' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  await writeFile(dest, Buffer.from(await res.arrayBuffer()));
}

const folders = [process.env.REFERENCE_SOURCE, resolve(root, '../shared/specs')].filter(Boolean);
let copied = 0;
for (const [rel, url] of FILES) {
  const dest = join(target, rel);
  if (await exists(dest)) continue;
  await mkdir(dirname(dest), { recursive: true });
  let done = false;
  for (const folder of folders) done ||= await fromFolder(folder, rel, dest);
  if (!done) {
    try {
      await fromUrl(url, dest);
    } catch (error) {
      console.error(
        `setup-reference-data: ${rel} is not in ${folders.join(' or ')} and ${url} cannot be fetched ` +
          `(${error.cause?.code ?? error.message}). Point REFERENCE_SOURCE at a folder laid out like ../shared/specs.`,
      );
      process.exit(1);
    }
  }
  copied += 1;
}
if (copied > 0) console.error(`setup-reference-data: ${copied} file(s) into ${target}`);
