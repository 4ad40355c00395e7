import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { generateEd25519Key, generateP256Key } from '../../src/core/keys/index.js';
import { signDataIntegrity } from '../../src/core/ob3/sign.js';
import { createIssuerKeys } from '../../src/features/issuers/issuer-keys.repository.js';
import { freePort } from '../../src/infra/embedded-store.js';
import { createSecretBox } from '../../src/infra/secret-box.js';
import { ADMIN_TOKEN, example } from '../helpers/app.js';
import { dccVerify, type DccResult, type DccRun } from '../helpers/dcc-verifier.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { testMongoUri } from '../helpers/store.js';
import { selfSignedCertificate } from '../helpers/tls.js';

type Json = Record<string, unknown>;

/** One JSON exchange with the service over https, trusting only the test certificate. */
function call(
  base: string,
  ca: Buffer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request(`${base}${path}`, { method, ca, headers, timeout: 30000 }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Json) : {} }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const step = (result: DccResult, id: string) => result.log?.find((s) => s.id === id);

/** verifier-core's verdict: no fatal errors and every log step valid. */
function assertVerifies(result: DccResult, what: string): void {
  assert.equal(result.errors, undefined, `${what}: ${JSON.stringify(result.errors)}`);
  for (const s of result.log ?? []) {
    if (s.id === 'registered_issuer') continue; // no issuer registry is configured (none is reachable)
    assert.equal(s.valid, true, `${what}: ${s.id} ${JSON.stringify(s)}`);
  }
  assert.equal(step(result, 'valid_signature')?.valid, true, what);
}

describe('DCC verifier-core (VerifierPlus, Learner Credential Wallet) as an outside client over https', function () {
  this.timeout(240000);
  let dir: string;
  let ca: Buffer;
  let base: string;
  let service: MainProcess;
  let issuer: { id: string; did: string; didKey: string; apiKey: string; slug: string };
  const api = (method: string, path: string, body?: unknown, token = issuer.apiKey) =>
    call(base, ca, method, path, token, body);
  const created = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await api(method, path, body, token);
    assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const verify = (credentials: unknown[]): Promise<DccRun> =>
    dccVerify(credentials, base, join(dir, 'cert.pem'));

  const ob3 = { credential: {} as Json, id: '' };
  const vcApi = { credential: {} as Json };
  const vcApiBadge = { credential: {} as Json };
  let first: DccRun;
  let mongoUri: string;
  const masterKey = randomBytes(32).toString('base64url');

  /** The credential as issued before the did:web: the Profile URL as issuer and key controller. */
  const inPreviousLayout = async (credential: Json): Promise<Json> => {
    const conn = await mongoose.createConnection(mongoUri).asPromise();
    try {
      const keys = createIssuerKeys(
        conn,
        createSecretBox(Buffer.from(masterKey, 'base64url')),
        { ed25519: generateEd25519Key, p256: generateP256Key },
        () => new Date(),
      );
      const { ed25519 } = await keys.signing(issuer.id);
      const profileUrl = `${base}/issuers/${issuer.slug}`;
      const { proof: _proof, ...unsigned } = credential;
      const layout = JSON.parse(JSON.stringify(unsigned).split(issuer.did).join(profileUrl)) as Json;
      return await signDataIntegrity(layout, {
        key: { controller: profileUrl, ...ed25519 },
        created: new Date(),
        documentLoader: createDocumentLoader({ contexts: packagedContexts() }),
      });
    } finally {
      await conn.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-dcc-'));
    const tls = selfSignedCertificate(dir, '/CN=localhost', 'DNS:localhost,IP:127.0.0.1');
    ca = tls.cert;
    const port = await freePort();
    base = `https://localhost:${port}`;
    mongoUri = await testMongoUri('dcc');
    service = runMain({
      MONGODB_URI: mongoUri,
      MASTER_KEY: masterKey,
      ADMIN_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      TLS_CERT: tls.certFile,
      TLS_KEY: tls.keyFile,
    });
    await waitUntilReady(service, async () => (await call(base, ca, 'GET', '/healthz')).status === 200);
    const body = { ...example('issuer-create.json'), slug: 'dcc-interop' };
    const made = await created('POST', '/api/v1/issuers', body, ADMIN_TOKEN);
    issuer = { ...(made as typeof issuer), slug: 'dcc-interop' };
    const achievementId = (await created('POST', '/api/v1/achievements', example('achievement-create.json')))
      .id;
    const learnerId = (await created('POST', '/api/v1/learners', example('learner-create.json'))).id;
    const issued = await created('POST', '/api/v1/credentials', { achievementId, learnerId, language: 'lv' });
    ob3.credential = issued.credential as Json;
    ob3.id = issued.id as string;
    const vc = (credential: Json) =>
      created('POST', '/credentials/issue', { credential }).then((r) => r.verifiableCredential as Json);
    vcApi.credential = await vc({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:learner' },
    });
    vcApiBadge.credential = await vc({
      ...structuredClone(ob3.credential),
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { ...(ob3.credential.issuer as Json), id: issuer.didKey },
      credentialStatus: undefined,
      proof: undefined,
    });
    const tampered = { ...structuredClone(ob3.credential), name: 'Something else' };
    const legacy = await inPreviousLayout(ob3.credential);
    first = await verify([ob3.credential, vcApi.credential, vcApiBadge.credential, tampered, legacy]);
  });

  after(async () => {
    const code = await service?.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `graceful exit; stderr: ${service?.err()}`);
  });

  it('nothing reaches beyond 127.0.0.1: keys and status lists come from the service over https', () => {
    assert.deepEqual(first.refused, []);
    const paths = first.fetched.map((url) => url.replace(base, ''));
    assert.ok(paths.includes(`/issuers/${issuer.slug}/did.json`), paths.join(' '));
    assert.ok(
      paths.some((p) => /^\/status\/[0-9a-f-]{36}$/.test(p)),
      paths.join(' '),
    );
  });

  it('verifies an ob3-di credential: did:web key, OB 3.0 schema, and its status list (read and verified)', () => {
    const [result] = first.results as [DccResult];
    assert.equal(ob3.credential.issuer && (ob3.credential.issuer as Json).id, issuer.did);
    assertVerifies(result, 'ob3-di');
    assert.equal(step(result, 'revocation_status')?.valid, true, 'the status list was read');
    const schema = result.additionalInformation?.find((a) => a.id === 'schema_check')?.results;
    assert.ok(
      Array.isArray(schema) && schema.length > 0 && schema.every((s) => s.result.valid),
      JSON.stringify(schema),
    );
  });

  it('verifies a VC-API credential (did:key) with revocation and suspension lists issued as that did:key', () => {
    const [, result] = first.results as [DccResult, DccResult];
    assert.equal(vcApi.credential.issuer, issuer.didKey);
    assertVerifies(result, 'vc-api');
    assert.equal(step(result, 'revocation_status')?.valid, true);
    assert.equal(step(result, 'suspension_status')?.valid, true);
  });

  it('verifies an OpenBadgeCredential signed through the VC-API, which carries exactly one status entry', () => {
    const [, , result] = first.results as [DccResult, DccResult, DccResult];
    const status = vcApiBadge.credential.credentialStatus as Json;
    assert.equal(Array.isArray(status), false, 'one entry, as the OB 3.0 schema allows');
    assert.equal(status.statusPurpose, 'revocation');
    assertVerifies(result, 'vc-api OpenBadgeCredential');
    assert.equal(step(result, 'revocation_status')?.valid, true);
  });

  it('control: a tampered credential does not verify in verifier-core', () => {
    const [, , , result] = first.results as [DccResult, DccResult, DccResult, DccResult];
    assert.equal(result.errors?.[0]?.name, 'invalid_signature', JSON.stringify(result));
  });

  it('still fails a credential issued before the did:web: verifier-core cannot use an https controller document', () => {
    const result = first.results[4] as DccResult;
    assert.equal(result.errors?.[0]?.name, 'invalid_signature', JSON.stringify(result));
  });

  it('shows revocations and a suspension made through the API, from the re-signed status lists', async () => {
    await created('POST', `/api/v1/credentials/${ob3.id}/revoke`, { reason: 'interop test' });
    const status = (purpose: string) => ({ type: 'BitstringStatusListEntry', statusPurpose: purpose });
    await created('POST', '/credentials/status', {
      credentialId: vcApi.credential.id,
      credentialStatus: status('suspension'),
    });
    await created('POST', '/credentials/status', {
      credentialId: vcApiBadge.credential.id,
      credentialStatus: status('revocation'),
    });
    const second = await verify([ob3.credential, vcApi.credential, vcApiBadge.credential]);
    assert.deepEqual(second.refused, []);
    const [revoked, suspended, revokedBadge] = second.results as [DccResult, DccResult, DccResult];
    assert.equal(step(revoked, 'valid_signature')?.valid, true);
    assert.equal(step(revoked, 'revocation_status')?.valid, false, JSON.stringify(revoked.log));
    assert.equal(step(suspended, 'revocation_status')?.valid, true);
    assert.equal(step(suspended, 'suspension_status')?.valid, false, JSON.stringify(suspended.log));
    assert.equal(step(revokedBadge, 'revocation_status')?.valid, false, JSON.stringify(revokedBadge.log));
  });
});
