import assert from 'node:assert/strict';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { Response } from 'supertest';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { signDataIntegrity } from '../../src/core/ob3/sign.js';
import type { DnsLookup, RemoteFetch, RemoteResponse } from '../../src/core/verify/index.js';
import { bearer, createIssuer, example, type IssuerFixture, type TestApp } from './app.js';
import { signingKeysOf } from './signing.js';

export type Doc = Record<string, unknown>;

/** The closed, offline loader the service signs and verifies with (packaged contexts only). */
export const contextLoader = createDocumentLoader({ contexts: packagedContexts() });

/** A public address (not in any blocked range) for fake DNS answers. */
export const PUBLIC_IP = '93.184.215.14';

export interface FakeRemote {
  remoteFetch: RemoteFetch;
  dnsLookup: DnsLookup;
  /** every URL the verifier tried to fetch */
  fetches: string[];
  /** the vetted address each fetch was pinned to (undefined when private networks are allowed) */
  pinned: Array<string | undefined>;
  /** every host name the verifier looked up */
  lookups: string[];
  /** answers by URL: a document (200), an HTTP status, or an error to throw; anything else is 404 */
  documents: Map<string, Doc | number | Error>;
  /** answers by host name; anything else resolves to PUBLIC_IP */
  addresses: Map<string, string>;
  /** 302 answers by URL: the Location */
  redirects: Map<string, string>;
  reset(): void;
}

function response(status: number, body?: Doc, location?: string): RemoteResponse {
  const bytes = body ? Buffer.from(JSON.stringify(body)) : Buffer.alloc(0);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (location) headers.location = location;
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    body: (async function* () {
      yield bytes;
    })(),
  };
}

/** Counting fakes for the verifier's only ways out: no test ever reaches the network. */
export function fakeRemote(): FakeRemote {
  const fake: FakeRemote = {
    fetches: [],
    pinned: [],
    lookups: [],
    documents: new Map(),
    addresses: new Map(),
    redirects: new Map(),
    remoteFetch: async (url, init) => {
      fake.fetches.push(url);
      fake.pinned.push(init.address);
      const location = fake.redirects.get(url);
      if (location) return response(302, undefined, location);
      const answer = fake.documents.get(url);
      if (answer instanceof Error) throw answer;
      if (typeof answer === 'number') return response(answer);
      return answer ? response(200, answer) : response(404);
    },
    dnsLookup: async (hostname) => {
      fake.lookups.push(hostname);
      return [{ address: fake.addresses.get(hostname) ?? PUBLIC_IP, family: 4 }];
    },
    reset() {
      fake.fetches.length = 0;
      fake.pinned.length = 0;
      fake.lookups.length = 0;
      fake.documents.clear();
      fake.addresses.clear();
      fake.redirects.clear();
    },
  };
  return fake;
}

export interface Check {
  id: string;
  valid: boolean;
  code?: string;
  detail: string;
}

export interface Report {
  verified: boolean;
  checks: Check[];
  warnings: string[];
  summary: Record<string, unknown>;
  errors: Array<{ check: string; code?: string; detail: string }>;
  presentationResult?: { verified: boolean; checks: Check[] };
  credentialResults?: Report[];
}

export const verifyCredential = (t: TestApp, verifiableCredential: unknown) =>
  t.http.post('/credentials/verify').send({ verifiableCredential });

/** The VC-API report shape: checks with id/valid/detail (and code when failing), warnings, summary. */
export function assertReport(res: Response, verified: boolean): Report {
  assert.equal(res.status, verified ? 200 : 400, res.text);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.body as Report;
  assert.equal(body.verified, verified, JSON.stringify(body.checks));
  assert.ok(Array.isArray(body.checks) && body.checks.length > 0, 'checks is a non-empty list');
  for (const c of body.checks) {
    assert.equal(typeof c.id, 'string');
    assert.equal(typeof c.valid, 'boolean');
    assert.equal(typeof c.detail, 'string');
    if (!c.valid) assert.match(String(c.code), /^[a-z][a-z0-9-]+$/, `failing check ${c.id} has a code`);
  }
  assert.ok(Array.isArray(body.warnings));
  assert.equal(
    body.checks.every((c) => c.valid),
    verified,
    'verified agrees with the checks',
  );
  return body;
}

/** verified:false (400) with the named check failing, with the given code when one is given. */
export function assertFails(res: Response, id: string, code?: string): Report {
  const body = assertReport(res, false);
  const check = body.checks.find((c) => c.id === id);
  assert.ok(check, `check ${id} is reported: ${JSON.stringify(body.checks)}`);
  assert.equal(check.valid, false, `check ${id} fails: ${JSON.stringify(body.checks)}`);
  if (code) assert.equal(check.code, code, `${id}: ${check.detail}`);
  assert.ok(
    body.errors.some((e) => e.check === id && e.code === check.code),
    'the failing check is listed in errors',
  );
  return body;
}

export const failingIds = (report: { checks: Check[] }): string[] =>
  report.checks.filter((c) => !c.valid).map((c) => c.id);

export interface Issuing {
  issuer: IssuerFixture;
  achievementId: string;
  learnerId: string;
  /** POST /api/v1/credentials → the 201 body ({id, credential, jwt?, links}) */
  issue(format?: 'ob3-di' | 'ob3-jwt', extra?: Doc): Promise<{ id: string; credential: Doc; jwt?: string }>;
  /** POST /api/v1/credentials/{id}/{action} */
  act(id: string, action: 'revoke' | 'suspend' | 'reinstate', body?: object): Promise<Response>;
}

/**
 * An issuer with one achievement and one learner (with a DID, so VC-JWTs can be issued); `learner`
 * overrides members of the documented example learner.
 */
export async function setUpIssuing(t: TestApp, learner: Doc = {}): Promise<Issuing> {
  const issuer = await createIssuer(t);
  const auth = bearer(issuer.apiKey);
  const create = async (path: string, body: object) =>
    (
      await t.http
        .post(path)
        .set(...auth)
        .send(body)
        .expect(201)
    ).body.id as string;
  const achievementId = await create('/api/v1/achievements', example('achievement-create.json'));
  const learnerId = await create('/api/v1/learners', { ...example('learner-create.json'), ...learner });
  return {
    issuer,
    achievementId,
    learnerId,
    async issue(format = 'ob3-di', extra = {}) {
      const res = await t.http
        .post('/api/v1/credentials')
        .set(...auth)
        .send({ achievementId, learnerId, language: 'lv', format, ...extra });
      assert.equal(res.status, 201, res.text);
      return res.body;
    },
    act: async (id, action, body) => {
      const req = t.http.post(`/api/v1/credentials/${id}/${action}`).set(...auth);
      return body ? req.send(body) : req;
    },
  };
}

/** A copy of the credential without its proof. */
export function unsecured(credential: Doc): Doc {
  const { proof: _proof, ...rest } = structuredClone(credential);
  return rest;
}

/** Signs properly with the issuer's own current Ed25519 key, as the service would. */
export async function signAsIssuer(t: TestApp, issuer: IssuerFixture, credential: Doc): Promise<Doc> {
  const { ed25519 } = await signingKeysOf(t, issuer.id);
  return signDataIntegrity(unsecured(credential), {
    key: { controller: issuer.did, ...ed25519 },
    created: new Date(),
    documentLoader: contextLoader,
  });
}

/**
 * Signs with any Ed25519 key under any verification method id (eddsa-rdfc-2022): how a forger would,
 * bypassing the issuer-controller guard of signDataIntegrity.
 */
export async function signWithKey(
  credential: Doc,
  key: { publicKeyMultibase: string; secretKeyMultibase: string },
  verificationMethod: string,
): Promise<Doc> {
  const pair = await Ed25519Multikey.from({
    type: 'Multikey',
    id: verificationMethod,
    controller: verificationMethod.split('#')[0],
    ...key,
  });
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential: unsecured(credential), suite, documentLoader: contextLoader });
}

/**
 * GET the status list the credential points at: the service signs a list on first read and caches
 * it, so tests that prove verification stores nothing read it once beforehand.
 */
export async function signedStatusList(t: TestApp, credential: Doc): Promise<Doc> {
  const url = String((credential.credentialStatus as Doc).statusListCredential);
  const res = await t.http.get(url.slice(t.config.publicUrl.length));
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as Doc;
}
