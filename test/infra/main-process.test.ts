import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { freePort } from '../../src/infra/embedded-store.js';
import { sha256Hex } from '../../src/infra/local-secrets.js';
import { example } from '../helpers/app.js';
import { FERRETDB_BIN } from '../helpers/store.js';
import { until } from '../helpers/wait.js';

interface Run {
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** `node --import tsx src/main.ts` from the project root with exactly the given environment. */
function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { out: () => out, err: () => err, exit, kill: (signal) => child.kill(signal) };
}

/** Process ids of FerretDB processes whose state lives under `dir`. */
function ferretdbUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('ferretdb') && cmdline.includes(`--state-dir=${dir}`)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('main process (node src/main.ts)', function () {
  this.timeout(150000);
  let data: string;
  let keys: string;
  let port: number;
  let env: Record<string, string>;
  let adminToken: string | undefined;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const api = (path: string, token: string, body?: unknown) =>
    fetch(url(path), {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  const startAndWait = async (extra: Record<string, string> = {}): Promise<Run> => {
    const run = runMain({ ...env, ...extra });
    await until('/healthz answers', async () => {
      const res = await fetch(url('/healthz')).catch(() => undefined);
      return res?.status === 200;
    });
    return run;
  };
  const stop = async (run: Run): Promise<number | null> => {
    run.kill('SIGTERM');
    return run.exit;
  };

  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'tilts-main-data-'));
    keys = mkdtempSync(join(tmpdir(), 'tilts-main-keys-'));
    port = await freePort();
    env = {
      DATA_DIR: data,
      KEYS_DIR: keys,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      FERRETDB_BIN,
      REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data', 'reference'),
    };
  });
  after(() => {
    for (const pid of ferretdbUnder(data)) process.kill(pid, 'SIGKILL');
    rmSync(data, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  });

  for (const [variable, value] of <Array<[string, string]>>[
    ['PORT', 'abc'],
    ['LOG_LEVEL', 'loud'],
    ['MASTER_KEY', 'too-short'],
  ]) {
    it(`exits non-zero with one stderr line naming ${variable} when it is wrong, creating nothing`, async () => {
      const run = runMain({ ...env, [variable]: value });
      assert.notEqual(await run.exit, 0);
      assert.equal(lines(run.err()).length, 1, run.err());
      assert.match(run.err(), new RegExp(`\\b${variable}\\b`));
      assert.equal(run.err().includes(' at '), false, 'no stack trace');
      assert.deepEqual([readdirSync(data), readdirSync(keys)], [[], []]);
    });
  }

  it('on a fresh start creates the master key and admin token (0600), prints the token once, serves and stops on SIGTERM', async () => {
    const run = await startAndWait();
    const storePids = ferretdbUnder(data);
    assert.equal(storePids.length, 1, 'the service runs its own FerretDB');
    const masterKeyFile = join(keys, 'master.key');
    const tokenFile = join(data, 'admin-token.sha256');
    assert.equal(mode(masterKeyFile), 0o600);
    assert.equal(mode(tokenFile), 0o600);
    await until('the token is printed', () => /tilts_admin_[A-Za-z0-9_-]+/.test(run.out()));
    adminToken = /tilts_admin_[A-Za-z0-9_-]+/.exec(run.out())?.[0];
    assert.ok(adminToken);
    assert.equal(run.out().split(adminToken).length - 1, 1, 'printed exactly once');
    assert.match(run.out(), /Create the first issuer:.*POST .*\/api\/v1\/issuers/);
    assert.equal(readFileSync(tokenFile, 'utf8').trim(), sha256Hex(adminToken), 'only the hash is kept');

    const issuer = await api('/api/v1/issuers', adminToken, example('issuer-create.json'));
    assert.equal(issuer.status, 201, await issuer.clone().text());
    const { apiKey } = (await issuer.json()) as { apiKey: string };
    const learner = example('learner-create.json');
    assert.equal((await api('/api/v1/learners', apiKey, learner)).status, 201);
    assert.equal((await api('/api/v1/achievements', apiKey, example('achievement-create.json'))).status, 201);
    assert.equal((await api('/api/v1/learners', apiKey)).status, 200);

    assert.equal(await stop(run), 0, `graceful exit; stderr: ${run.err()}`);
    assert.deepEqual(ferretdbUnder(data), [], 'the embedded FerretDB stopped with the service');
    for (const pid of storePids) assert.equal(existsSync(`/proc/${pid}`), false);

    const banner = (l: string) =>
      l.startsWith('Admin token') || l.trim() === adminToken || l.startsWith('Create');
    const logs = lines(run.out())
      .filter((l) => !banner(l))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const log of logs) assert.ok(log.time && log.level && log.msg, JSON.stringify(log));
    const requests = logs.filter((l) => l.msg === 'request');
    assert.ok(requests.length >= 5);
    for (const r of requests) assert.match(String(r.requestId), /^[0-9a-f-]{36}$/);
    assert.ok(requests.some((r) => r.route === '/api/v1/learners' && r.status === 201));
    assert.ok(logs.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM'));
    const everything = run.out().replace(adminToken, '') + run.err();
    for (const secret of [learner.givenName, learner.familyName, learner.email, apiKey, adminToken])
      assert.equal(everything.includes(String(secret)), false, `the log shows ${secret}`);
  });

  it('on a second start prints no token, and the first token still works on the same data', async () => {
    assert.ok(adminToken, 'needs the first start');
    const run = await startAndWait();
    try {
      assert.equal(/tilts_admin_|Admin token/.test(run.out()), false, 'no new token');
      const listed = await api('/api/v1/issuers', adminToken);
      assert.equal(listed.status, 200);
      const body = (await listed.json()) as { items: Array<{ slug: string }> };
      assert.deepEqual(
        body.items.map((i) => i.slug),
        [example('issuer-create.json').slug],
      );
    } finally {
      assert.equal(await stop(run), 0);
    }
  });

  it('a first start that fails after making the admin token keeps no hash; the next start shows a token that works', async () => {
    const own = {
      data: mkdtempSync(join(tmpdir(), 'tilts-main-data-')),
      keys: mkdtempSync(join(tmpdir(), 'tilts-main-keys-')),
    };
    const empty = mkdtempSync(join(tmpdir(), 'tilts-no-reference-'));
    const fresh = { ...env, DATA_DIR: own.data, KEYS_DIR: own.keys };
    try {
      const failed = runMain({ ...fresh, REFERENCE_DATA_DIR: empty });
      assert.notEqual(await failed.exit, 0);
      assert.match(failed.err(), /reference data missing/);
      assert.equal(/tilts_admin_/.test(failed.out()), false, 'no token was shown');
      assert.equal(existsSync(join(own.data, 'admin-token.sha256')), false, 'so no hash was kept');
      assert.deepEqual(ferretdbUnder(own.data), [], 'the embedded store was stopped');

      const run = runMain(fresh);
      await until('the token is printed', () => /tilts_admin_[A-Za-z0-9_-]+/.test(run.out()));
      const token = /tilts_admin_[A-Za-z0-9_-]+/.exec(run.out())?.[0] ?? '';
      await until(
        '/healthz answers',
        async () => (await fetch(url('/healthz')).catch(() => undefined))?.status === 200,
      );
      assert.equal(readFileSync(join(own.data, 'admin-token.sha256'), 'utf8').trim(), sha256Hex(token));
      assert.equal((await api('/api/v1/issuers', token)).status, 200, 'the shown token works');
      assert.equal(await stop(run), 0);
    } finally {
      for (const dir of [own.data, own.keys, empty]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start against that data with a wrong MASTER_KEY: one line naming MASTER_KEY, store stopped', async () => {
    assert.ok(adminToken, 'needs the first start');
    const run = runMain({ ...env, MASTER_KEY: randomBytes(32).toString('base64url') });
    assert.notEqual(await run.exit, 0);
    assert.equal(lines(run.err()).length, 1, run.err());
    assert.match(run.err(), /MASTER_KEY/);
    assert.deepEqual(ferretdbUnder(data), [], 'the embedded store was stopped');
  });
});
