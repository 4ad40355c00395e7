/**
 * npm run seed:scale — builds, once, an embedded store holding SCALE_ISSUERS × SCALE_PER_ISSUER
 * credentials (default 20 × 5,000 = 100,000) under data/scale (git-ignored), for `npm run bench` (and `npm run bench:scale`).
 * A second run reuses it (delete data/scale to rebuild).
 *
 * How: the issuers, achievements and learners are made over HTTP by the real service, and each
 * issuer gets ONE credential really issued and signed (POST /api/v1/credentials). The rest are
 * clones of that stored record with new ids, spread over learners, achievements, three years of
 * awarded dates and the three states — inserted straight into the store in batches and listed
 * through the service's own list code. Clones do not verify (their proofs sign the original) and hold
 * no status-list index; reading, listing and revoking never verify, so they cost what real ones do.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { buildDeps, type Deps } from '../src/deps.js';
import { createCredentialLists } from '../src/features/credentials/credential-lists.js';
import type { CredentialDoc } from '../src/features/credentials/credential.model.js';
import { createCredentialsRepository } from '../src/features/credentials/credentials.repository.js';
import { startEmbeddedStore, type EmbeddedStore } from '../src/infra/embedded-store.js';
import { createLogger } from '../src/infra/logger.js';

export const SCALE_DIR = process.env.SCALE_DIR ?? join(PROJECT_ROOT, 'data', 'scale');
const ISSUERS = Number(process.env.SCALE_ISSUERS ?? 20);
const PER_ISSUER = Number(process.env.SCALE_PER_ISSUER ?? 5000);
const LEARNERS = 50;
const ACHIEVEMENTS = 10;
const BATCH = 500;
const ADMIN = 'scale-admin-token-0123456789abcdef';
const YEARS_MS = 3 * 365 * 86_400_000;

export interface ScaleIssuer {
  id: string;
  apiKey: string;
  achievements: string[];
  learners: string[];
  /** the one really signed credential */
  real: string;
}

export interface ScaleManifest {
  credentials: number;
  issuers: ScaleIssuer[];
  masterKey: string;
  /** seconds: making issuers/catalogs/real credentials over HTTP, then the clones */
  seconds: { setup: number; clones: number };
  createdAt: string;
}

export interface ScaleApp {
  base: string;
  deps: Deps;
  store: EmbeddedStore;
  admin: string;
  close(): Promise<void>;
}

/** The real service on the embedded store in `dir` (made if missing), listening on a free port. */
export async function openApp(dir: string, masterKey: string): Promise<ScaleApp> {
  const logger = createLogger('silent');
  mkdirSync(join(dir, 'store'), { recursive: true });
  const store = await startEmbeddedStore({
    binary: process.env.FERRETDB_BIN ?? join(PROJECT_ROOT, '.tools/bin/ferretdb'),
    dataDir: join(dir, 'store'),
    port: 0,
    logger,
  });
  const config = loadConfig({
    MONGODB_URI: `${store.uri}tilts?monitorCommands=true`,
    ADMIN_TOKEN: ADMIN,
    MASTER_KEY: masterKey,
    DATA_DIR: dir,
    KEYS_DIR: join(dir, 'keys'),
    PUBLIC_URL: 'http://127.0.0.1:3000',
    REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data/reference'),
    LOG_LEVEL: 'silent',
    VERIFY_RATE_LIMIT: '1000000',
    PORT: '0',
  });
  const deps = await buildDeps(config, logger);
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deps,
    store,
    admin: ADMIN,
    close: async () => {
      server.close();
      await deps.close();
      await store.stop();
    },
  };
}

export const example = (file: string) =>
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', file), 'utf8')).example as Record<string, unknown>;

/** POSTs JSON; throws on anything but 2xx. */
export async function post(base: string, path: string, body: unknown, token: string) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** One issuer with its catalog and its one really issued credential. */
async function makeIssuer(app: ScaleApp, k: number): Promise<ScaleIssuer> {
  const issuer = await post(
    app.base,
    '/api/v1/issuers',
    { ...example('issuer-create.json'), slug: `scale-${k}` },
    app.admin,
  );
  const key = String(issuer.apiKey);
  const achievements: string[] = [];
  for (let a = 0; a < ACHIEVEMENTS; a += 1)
    achievements.push(
      String((await post(app.base, '/api/v1/achievements', example('achievement-create.json'), key)).id),
    );
  const learners: string[] = [];
  const { did: _did, ...learner } = example('learner-create.json');
  for (let l = 0; l < LEARNERS; l += 1)
    learners.push(
      String(
        (await post(app.base, '/api/v1/learners', { ...learner, email: `learner-${k}-${l}@example.lv` }, key))
          .id,
      ),
    );
  const real = await post(
    app.base,
    '/api/v1/credentials',
    { achievementId: achievements[0], learnerId: learners[0], language: 'lv' },
    key,
  );
  return { id: String(issuer.id), apiKey: key, achievements, learners, real: String(real.id) };
}

/** Clone `j` of an issuer's real credential: new ids, its own learner, achievement, date and state. */
function clone(real: CredentialDoc, issuer: ScaleIssuer, j: number, epoch: number): CredentialDoc {
  const id = randomUUID();
  const awarded = epoch + Math.floor((j / PER_ISSUER) * YEARS_MS);
  const status = j % 33 === 0 ? 'revoked' : j % 97 === 1 ? 'suspended' : 'active';
  return {
    ...real,
    _id: id,
    credential: { ...real.credential, id: `http://127.0.0.1:3000/credentials/${id}` },
    learnerId: issuer.learners[j % LEARNERS],
    achievementId: issuer.achievements[j % ACHIEVEMENTS],
    awardedDate: new Date(awarded),
    createdAt: new Date(awarded + 3_600_000),
    status,
    statusHistory:
      status === 'active'
        ? []
        : [{ status, reason: 'seeded', at: new Date(awarded + 7_200_000), actor: 'seed' }],
    statusRefs: [],
  };
}

async function cloneAll(app: ScaleApp, issuer: ScaleIssuer, epoch: number): Promise<void> {
  const conn = app.deps.store.connection;
  const real = await createCredentialsRepository(conn, () => new Date()).get(issuer.real);
  if (!real) throw new Error(`the issued credential ${issuer.real} is not stored`);
  const lists = createCredentialLists(conn, () => new Date());
  const credentials = conn.collection('credentials');
  for (let j = 1; j < PER_ISSUER; j += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, PER_ISSUER - j) }, (_, i) =>
      clone(real, issuer, j + i, epoch),
    );
    await credentials.insertMany(
      docs.map((d) => ({
        ...d,
        credential: JSON.stringify(d.credential),
        vcId: String(d.credential.id),
      })) as never[],
      { ordered: false },
    );
    await Promise.all(docs.map((d) => lists.add(d)));
  }
}

/** The seeded store's manifest: seeds it first when there is none. */
export async function seedScale(): Promise<ScaleManifest> {
  const manifestFile = join(SCALE_DIR, 'manifest.json');
  if (existsSync(manifestFile)) return JSON.parse(readFileSync(manifestFile, 'utf8')) as ScaleManifest;
  rmSync(SCALE_DIR, { recursive: true, force: true }); // a seeding that did not finish
  const masterKey = randomBytes(32).toString('base64url');
  const app = await openApp(SCALE_DIR, masterKey);
  try {
    const t0 = performance.now();
    const issuers: ScaleIssuer[] = [];
    for (let k = 0; k < ISSUERS; k += 1) issuers.push(await makeIssuer(app, k));
    const t1 = performance.now();
    const epoch = Date.now() - YEARS_MS - 86_400_000;
    for (const [k, issuer] of issuers.entries()) {
      await cloneAll(app, issuer, epoch);
      console.log(
        `seed:scale: issuer ${k + 1}/${ISSUERS} (${Math.round((performance.now() - t1) / 1000)} s)`,
      );
    }
    const manifest: ScaleManifest = {
      credentials: issuers.length * PER_ISSUER, // a count would read every document (FerretDB)
      issuers,
      masterKey,
      seconds: { setup: (t1 - t0) / 1000, clones: (performance.now() - t1) / 1000 },
      createdAt: new Date().toISOString(),
    };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    return manifest;
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = await seedScale();
  console.log(
    `seed:scale: ${m.credentials} credentials across ${m.issuers.length} issuers in ${SCALE_DIR}; seeded in ${m.seconds.setup.toFixed(1)} s (issuers, catalogs, ${m.issuers.length} signed credentials over HTTP) + ${m.seconds.clones.toFixed(1)} s (clones)`,
  );
}
