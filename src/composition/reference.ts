import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT, type Config } from '../config.js';
import { CONTEXTS, packagedContexts } from '../core/jsonld/contexts.js';
import { loadAssets } from '../http/assets.js';

export const OB3_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_achievementcredential_schema.json';
export const OB3_ENDORSEMENT_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_endorsementcredential_schema.json';
export const OB3_PROFILE_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_profile_schema.json';
export const EDC_CONTEXT_FILE = 'edc/context/edc-ap-context.jsonld';
export const EDC_SHAPE_FILES = ['edc/shapes/EDC-generic-no-cv.ttl', 'edc/shapes/EDC-generic-full.ttl'];

/** Reference data (never committed) from REFERENCE_DATA_DIR, filled by scripts/setup.sh; missing or unreadable stops the start. */
function readReference<T>(config: Readonly<Config>, file: string, parse: (text: string) => T): T {
  const path = join(config.referenceDataDir, file);
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`reference data missing: ${path} (run npm run setup)`);
  }
}

/** A JSON reference file. */
export const loadReference = (config: Readonly<Config>, file: string): Record<string, unknown> =>
  readReference(config, file, (text) => JSON.parse(text) as Record<string, unknown>);

/** Reference data as text (the EDC SHACL shapes are Turtle). */
export const loadReferenceText = (config: Readonly<Config>, file: string): string =>
  readReference(config, file, (text) => text);

/** Packaged contexts, the EDC context from reference data, and the ones this project keeps in contexts/. */
export function allContexts(config: Readonly<Config>): Map<string, unknown> {
  const contexts = packagedContexts();
  contexts.set(CONTEXTS.EDC_AP, loadReference(config, EDC_CONTEXT_FILE));
  const dir = join(ROOT, 'contexts');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
  for (const [url, file] of Object.entries(index))
    contexts.set(url, JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return contexts;
}

/** Static files of the pages: ours in assets/, the API viewer's from its npm package. */
export function pageAssets() {
  const swagger = join(ROOT, 'node_modules', 'swagger-ui-dist');
  const own = (name: string) => [name, join(ROOT, 'assets', name)];
  return loadAssets({
    ...Object.fromEntries(['site.css', 'site.js', 'docs.js', 'favicon.svg'].map(own)),
    'swagger-ui.css': join(swagger, 'swagger-ui.css'),
    'swagger-ui-bundle.js': join(swagger, 'swagger-ui-bundle.js'),
  });
}

export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
