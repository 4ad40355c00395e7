import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../src/core/json-depth.js';
import { freePort } from '../../src/infra/embedded-store.js';
import { ADMIN_TOKEN, bearer, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';
import { testMongoUri } from '../helpers/store.js';

const EXAMPLES = '../shared/specs/openbadges/examples';

/** `depth` arrays, one inside the other. */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** `depth` objects, each the "a" member of the one around it. */
const objects = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

describe('request hardening — bodies nested too deeply, malformed paths', () => {
  let t: TestApp;
  let apiKey: string;

  before(async () => {
    t = await startTestApp('request_hardening');
    apiKey = (await createIssuer(t)).apiKey;
  });
  after(async () => t.close());

  const post = (path: string, body: string) => {
    const req = t.http.post(path).set('Content-Type', 'application/json');
    return (path === '/credentials/issue' ? req.set(...bearer(apiKey)) : req).send(body);
  };

  for (const [path, member] of [
    ['/credentials/verify', 'verifiableCredential'],
    ['/presentations/verify', 'verifiablePresentation'],
    ['/credentials/issue', 'credential'],
  ] as const) {
    it(`POST ${path} with JSON nested 6,000 deep → 400 json-too-deep pointing at the first level too deep; nothing stored`, async () => {
      const res = await assertStoreUnchanged(t, () => post(path, `{"${member}":${objects(6000)}}`));
      // the body object is level 1, the member's object level 2: level 65 is 63 objects further in
      const pointer = `/${member}${'/a'.repeat(MAX_JSON_DEPTH - 1)}`;
      assertProblem(res, 400, 'json-too-deep', [pointer]);
    });
  }

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}`, async () => {
    // the body is level 1; the credential object and those it nests make up the rest
    const at = (levels: number) =>
      post('/credentials/verify', `{"verifiableCredential":${objects(levels - 1)}}`);
    const deepest = await at(MAX_JSON_DEPTH);
    assert.equal(deepest.status, 400, deepest.text);
    assert.equal(deepest.body.code, undefined, 'a verify report, not a problem');
    assert.equal(deepest.body.verified, false);
    assertProblem(await at(MAX_JSON_DEPTH + 1), 400, 'json-too-deep');
  });

  it('passes every OB 3.0 specification example (well under the limit) through to the verifier', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 8, files.join());
    for (const file of files) {
      const example: unknown = JSON.parse(readFileSync(`${EXAMPLES}/${file}`, 'utf8'));
      assert.equal(tooDeepAt(example, 20), undefined, `${file} nests deeper than 20`);
      const res = await post('/credentials/verify', JSON.stringify({ verifiableCredential: example }));
      assert.ok([200, 400].includes(res.status), `${file}: ${res.status}`);
      assert.equal(
        typeof res.body.verified,
        'boolean',
        `${file}: a verify report, not a problem: ${res.text}`,
      );
    }
  });

  it('a compact JWT whose payload nests too deeply fails parse with malformed-jwt', async () => {
    const part = (json: string) => Buffer.from(json).toString('base64url');
    const jwt = `${part('{"alg":"ES256"}')}.${part(`{"vc":${nested(6000)}}`)}.${'A'.repeat(86)}`;
    const res = await post('/credentials/verify', JSON.stringify({ verifiableCredential: jwt }));
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.checks[0].code, 'malformed-jwt');
  });

  for (const path of ['/api/v1/achievements/%ff', '/issuers/%C0%AE', '/api/v1/credentials/%E0%A4%A']) {
    it(`GET ${path} → 400 malformed-path, with or without credentials`, async () => {
      assertProblem(await t.http.get(path), 400, 'malformed-path');
      assertProblem(await t.http.get(path).set(...bearer(apiKey)), 400, 'malformed-path');
    });
  }
});

describe('request hardening — slow clients are cut off (a real service process)', function () {
  this.timeout(120000);
  let run: MainProcess;
  let port: number;

  before(async () => {
    port = await freePort();
    run = runMain({
      MONGODB_URI: await testMongoUri('slow_clients'),
      ADMIN_TOKEN,
      MASTER_KEY: randomBytes(32).toString('base64url'),
      PORT: String(port),
      HOST: '127.0.0.1',
      HEADERS_TIMEOUT: '2',
      REQUEST_TIMEOUT: '4',
    });
    await waitUntilReady(run, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200);
  });
  after(async () => {
    assert.equal(await run.stop(), 0, run.err());
  });

  /**
   * Opens a raw connection, sends `head`, then one byte of `drip` every 250 ms until the server closes
   * the connection; answers what the server sent and how long the connection lived (ms). Gives up,
   * failing, after `giveUpMs`.
   */
  function trickle(head: string, drip: string, giveUpMs = 30000): Promise<{ answer: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (Date.now() - started > giveUpMs) {
          clearInterval(timer);
          socket.destroy();
          reject(new Error(`the server kept a trickling connection open for ${giveUpMs} ms`));
          return;
        }
        socket.write(drip[sent % drip.length] ?? 'x');
        sent += 1;
      }, 250);
      socket.on('connect', () => socket.write(head));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, ms: Date.now() - started });
      });
    });
  }

  it('closes a connection whose headers never end, within HEADERS_TIMEOUT (2 s) plus the 1 s check interval', async () => {
    const { answer, ms } = await trickle('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'abcdef');
    assert.ok(ms < 2000 + 1000 + 2000, `closed after ${ms} ms`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose body never ends, within REQUEST_TIMEOUT (4 s) plus the 1 s check interval', async () => {
    const head =
      'POST /credentials/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100000\r\n\r\n{"verifiableCredential":"';
    const { answer, ms } = await trickle(head, 'abcdef');
    assert.ok(ms < 4000 + 1000 + 2000, `closed after ${ms} ms`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
  });

  it('still serves a client that sends its request in time', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
  });
});
