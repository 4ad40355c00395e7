import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/infra/embedded-store.js';
import { ADMIN_TOKEN } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { testMongoUri } from '../helpers/store.js';
import { selfSignedCertificate } from '../helpers/tls.js';

interface Answer {
  status: number;
  body: string;
  fingerprint?: string;
}

function get(url: string, ca?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const request = secure ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', timeout: 5000, ...(secure ? { ca } : {}) }, (res) => {
      let body = '';
      const fingerprint = secure ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined;
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, ...(fingerprint ? { fingerprint } : {}) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS served by the service itself (TLS_CERT, TLS_KEY)', function () {
  this.timeout(90000);
  let dir: string;
  let cert: Buffer;
  let port: number;
  let service: MainProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-tls-'));
    ({ cert } = selfSignedCertificate(dir, '/CN=127.0.0.1', 'IP:127.0.0.1'));
    port = await freePort();
    service = runMain({
      MONGODB_URI: await testMongoUri('https'),
      ADMIN_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `https://127.0.0.1:${port}`,
      TLS_CERT: join(dir, 'cert.pem'),
      TLS_KEY: join(dir, 'key.pem'),
    });
    await waitUntilReady(
      service,
      async () => (await get(`https://127.0.0.1:${port}/healthz`, cert)).status === 200,
    );
  });

  after(async () => {
    const code = await service?.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `graceful exit; stderr: ${service?.err()}`);
  });

  it('answers GET /healthz over https with the configured certificate', async () => {
    const res = await get(`https://127.0.0.1:${port}/healthz`, cert);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.fingerprint, new X509Certificate(cert).fingerprint256, 'the certificate from TLS_CERT');
  });

  it('serves the API over https too (the public status of an unknown list is a 404 problem)', async () => {
    const res = await get(`https://127.0.0.1:${port}/status/00000000-0000-4000-8000-000000000000`, cert);
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(res.body).status, 404);
  });

  it('a client that does not trust the certificate is refused (real TLS, not plain http)', async () => {
    await assert.rejects(get(`https://127.0.0.1:${port}/healthz`), /self[- ]signed|certificate/i);
  });

  it('plain http on the same port gets no answer', async () => {
    const outcome = await get(`http://127.0.0.1:${port}/healthz`).then(
      (res) => `HTTP ${res.status}: ${res.body}`,
      (error: Error) => `error: ${error.message}`,
    );
    assert.match(outcome, /^error: /, `plain http was answered: ${outcome}`);
  });
});
