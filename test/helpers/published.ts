import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentLoader } from 'jsonld';
import { PROJECT_ROOT } from '../../src/config.js';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { decodeList, getBit } from '../../src/core/status/index.js';
import { didWebToUrl } from '../../src/core/verify/did-web.js';
import type { TestApp } from './app.js';

/**
 * The path under PUBLIC_URL that a URL or a did:web of the app names (a did:web by its did:web §3.2
 * https URL, which in tests the app serves over plain http), and its fragment; undefined for others.
 */
function appPath(address: string, base: string): { path: string; fragment?: string } | undefined {
  const [id = '', fragment] = address.split('#', 2);
  const located = id.startsWith('did:web:') ? didWebToUrl(id) : id;
  if (!located || !/^https?:\/\//.test(located)) return undefined;
  const url = new URL(located);
  if (url.host !== new URL(base).host) return undefined;
  const path = `${url.pathname}${url.search}`;
  return fragment === undefined ? { path } : { path, fragment };
}

/**
 * A document loader that knows the packaged contexts and, for anything under the app's PUBLIC_URL
 * or a did:web of its host, only what the app publishes over HTTP (GET through supertest) — the view
 * any outside verifier has.
 */
export function publishedLoader(t: TestApp): DocumentLoader {
  const base = t.config.publicUrl;
  return createDocumentLoader({
    contexts: packagedContexts(),
    resolvers: [
      async (url) => {
        const target = appPath(url, base);
        if (!target) return undefined;
        const { path, fragment } = target;
        const res = await t.http.get(path).set('Accept', 'application/ld+json');
        if (res.status !== 200) return undefined;
        const doc = JSON.parse(res.text) as Record<string, unknown>;
        if (fragment === undefined) return doc;
        const methods = (doc.verificationMethod ?? []) as Array<Record<string, unknown>>;
        const method = methods.find((m) => m.id === url);
        return method ? { '@context': doc['@context'], ...method } : undefined;
      },
    ],
  });
}

const purlSchema = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'data/reference/openbadges/schema/purl', name), 'utf8'),
  ) as Record<string, unknown>;

/** The official OB 3.0 AchievementCredential JSON schema (reference data). */
export const ob3Schema = () => purlSchema('ob_v3p0_achievementcredential_schema.json');

/** The official OB 3.0 Profile JSON schema (reference data). */
export const profileSchema = () => purlSchema('ob_v3p0_profile_schema.json');

/**
 * A @digitalbazaar/vc `checkStatus` that dereferences the credential's status list over HTTP from the
 * app and reads its bit: verified only while the bit is clear.
 */
export function publishedStatusCheck(t: TestApp) {
  return async ({ credential }: { credential: Record<string, unknown> }) => {
    const entries = [credential.credentialStatus].flat() as Array<{
      statusListCredential: string;
      statusListIndex: string;
      statusPurpose: string;
    }>;
    for (const entry of entries) {
      const path = entry.statusListCredential.slice(t.config.publicUrl.length);
      const list = JSON.parse((await t.http.get(path).expect(200)).text) as {
        credentialSubject: { encodedList: string };
      };
      const bits = decodeList(list.credentialSubject.encodedList);
      if (getBit(bits, Number(entry.statusListIndex)))
        return { verified: false, error: new Error(`${entry.statusPurpose} bit set`) };
    }
    return { verified: true };
  };
}
