import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.js';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.js';
import { buildDeps, type Deps, type DepsOptions } from '../../src/deps.js';
import { createLogger } from '../../src/infra/logger.js';
import { compareWithPlainIssue } from './plain-proof.js';
import { FERRETDB_BIN, testMongoUri } from './store.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: Express;
  http: TestAgent;
  deps: Deps;
  config: Readonly<Config>;
  /** every log line the service wrote */
  logs: string[];
  mongoUri: string;
  masterKey: string;
  dirs: { data: string; keys: string };
  close(): Promise<void>;
}

export interface TestAppOptions extends DepsOptions {
  /** reuse a database (restart tests); default: a fresh one */
  mongoUri?: string;
  masterKey?: string;
  env?: Record<string, string>;
}

/** The real app on the real test store, with a database of its own. */
export async function startTestApp(name: string, options: TestAppOptions = {}): Promise<TestApp> {
  const mongoUri = options.mongoUri ?? (await testMongoUri(name));
  const masterKey = options.masterKey ?? randomBytes(32).toString('base64url');
  const data = mkdtempSync(join(tmpdir(), 'tilts-data-'));
  const keys = mkdtempSync(join(tmpdir(), 'tilts-keys-'));
  const config = loadConfig({
    MONGODB_URI: mongoUri,
    ADMIN_TOKEN,
    MASTER_KEY: masterKey,
    PUBLIC_URL: 'http://127.0.0.1:3000',
    DATA_DIR: data,
    KEYS_DIR: keys,
    FERRETDB_BIN,
    REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data', 'reference'),
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, (line) => logs.push(line));
  const removeDirs = () => {
    rmSync(data, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  };
  const deps = await buildDeps(config, logger, {
    onDataIntegrityProof: compareWithPlainIssue,
    ...options,
  }).catch((error: unknown) => {
    removeDirs();
    throw error;
  });
  const app = createApp(deps);
  return {
    app,
    http: request(app),
    deps,
    config,
    logs,
    mongoUri,
    masterKey,
    dirs: { data, keys },
    close: async () => {
      await deps.close();
      removeDirs();
    },
  };
}

/** The documented example body of a schema, deep-copied so tests may change it. */
export function example(
  schemaId: 'issuer-create.json' | 'achievement-create.json' | 'learner-create.json',
): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', schemaId), 'utf8')) as {
    example: Record<string, unknown>;
  };
  return schema.example;
}

export interface IssuerFixture {
  id: string;
  slug: string;
  apiKey: string;
  profileUrl: string;
  /** the issuer's did:web: issuer.id of its OB 3.0 credentials */
  did: string;
}

let slugCounter = 0;

/** Creates an issuer through the API (admin token) and returns its id and API key. */
export async function createIssuer(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<IssuerFixture> {
  slugCounter += 1;
  const body = {
    ...example('issuer-create.json'),
    slug: `issuer-${Date.now().toString(36)}-${slugCounter}`,
    ...overrides,
  };
  const res = await t.http
    .post('/api/v1/issuers')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(body)
    .expect(201);
  return {
    id: res.body.id,
    slug: res.body.issuer.slug,
    apiKey: res.body.apiKey,
    profileUrl: res.body.profileUrl,
    did: res.body.did,
  };
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** Every document of every collection, sorted: compare before/after to prove nothing was stored. */
export async function snapshot(t: TestApp): Promise<string> {
  const db = t.deps.store.connection.db;
  if (!db) throw new Error('no database');
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = await db.collection(name).find().sort({ _id: 1 }).toArray();
  return JSON.stringify(out);
}

/** The documented example achievement and learner, created for an issuer: what issuing needs. */
export async function createCatalog(
  t: TestApp,
  issuer: IssuerFixture,
): Promise<{ achievementId: string; learnerId: string }> {
  const post = async (path: string, body: Record<string, unknown>) =>
    (
      await t.http
        .post(path)
        .set(...bearer(issuer.apiKey))
        .send(body)
        .expect(201)
    ).body.id as string;
  return {
    achievementId: await post('/api/v1/achievements', example('achievement-create.json')),
    learnerId: await post('/api/v1/learners', example('learner-create.json')),
  };
}
