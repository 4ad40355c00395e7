import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { freePort } from '../../src/infra/embedded-store.js';
import { ADMIN_TOKEN, example } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';

const pids = () => readdirSync('/proc').filter((e) => /^\d+$/.test(e));
const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended while we looked
  }
};

/** The live cluster workers started with `tag` in their environment (node:cluster sets NODE_UNIQUE_ID). */
function workersOf(tag: string): number[] {
  return pids()
    .filter((pid) => {
      const env = read(`/proc/${pid}/environ`).split('\0');
      const state = /\) (\S)/.exec(read(`/proc/${pid}/stat`))?.[1];
      return (
        env.includes(`TILTS_TEST_TAG=${tag}`) &&
        env.some((v) => v.startsWith('NODE_UNIQUE_ID=')) &&
        state !== 'Z'
      );
    })
    .map(Number);
}

/** Established TCP connections on local `port` whose socket the process `pid` holds. */
function connectionsHeld(pid: number, port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    read('/proc/net/tcp')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '01')
      .map((f) => f[9]),
  );
  let held = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1])) held += 1;
    } catch {
      // closed meanwhile
    }
  }
  return held;
}

async function until(what: string, check: () => boolean, run: MainProcess, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      assert.fail(`timed out waiting until ${what}\nstdout: ${run.out().slice(-3000)}\nstderr: ${run.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = (text: string, msg: string) =>
  text.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;

describe('WORKERS=2: the service as a node:cluster on the embedded store', function () {
  this.timeout(240000);
  const tag = randomUUID();
  let run: MainProcess;
  let port: number;
  const base = () => `http://127.0.0.1:${port}`;
  const post = async (path: string, token: string, body: object) => {
    const res = await fetch(base() + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    port = await freePort();
    run = runMain({
      WORKERS: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      MASTER_KEY: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'info',
      TILTS_TEST_TAG: tag,
    });
    await waitUntilReady(run, async () => (await fetch(`${base()}/readyz`)).status === 200);
    await until('both workers listen', () => count(run.out(), 'workers listening') === 1, run);
  });

  after(async () => {
    if (run) await run.stop();
  });

  it('serves from two processes, replaces a worker killed with SIGKILL, and loses no acknowledged credential', async () => {
    const [a, b] = workersOf(tag);
    assert.ok(a && b && workersOf(tag).length === 2, `two workers: ${workersOf(tag).join(', ')}`);
    const key = String(
      (await post('/api/v1/issuers', ADMIN_TOKEN, example('issuer-create.json'))).body.apiKey,
    );
    const achievementId = (await post('/api/v1/achievements', key, example('achievement-create.json'))).body
      .id;
    const learnerId = (await post('/api/v1/learners', key, example('learner-create.json'))).body.id;
    const issue = () => post('/api/v1/credentials', key, { achievementId, learnerId, language: 'lv' });
    const acknowledged: string[] = [];
    const batch = async (size: number, onFirst = () => {}) => {
      const settled = await Promise.allSettled(
        Array.from({ length: size }, async () => {
          const res = await issue();
          onFirst();
          if (res.status === 201) acknowledged.push(String(res.body.id));
          return res.status;
        }),
      );
      return settled.map((s) => (s.status === 'fulfilled' ? s.value : 0));
    };

    // 8 at once on keep-alive connections: the primary hands them to both workers in turn
    assert.deepEqual(await batch(8), Array(8).fill(201));
    assert.ok(
      connectionsHeld(a, port) > 0 && connectionsHeld(b, port) > 0,
      'both workers hold client connections',
    );

    // kill a worker while it serves: what it had not answered fails, what was answered stays
    let killed = false;
    const during = await batch(8, () => {
      if (!killed) process.kill(a, 'SIGKILL');
      killed = true;
    });
    assert.ok(during.some((s) => s === 201));
    assert.ok(
      during.every((s) => s === 201 || s === 0),
      `answers while a worker died: ${during.join(',')}`,
    );
    await until('a replacement listens', () => count(run.out(), 'listening') === 3, run);
    const [c] = workersOf(tag).filter((pid) => pid !== b);
    assert.ok(c && c !== a, 'a new worker process replaced the killed one');

    // with the other original worker dead too, the replacement serves alone
    process.kill(b, 'SIGKILL');
    await until(
      'the primary saw the second death',
      () => count(run.out(), 'worker exited; starting another') === 2,
      run,
    );
    assert.deepEqual(await batch(4), Array(4).fill(201));
    assert.equal(
      count(run.out(), 'listening'),
      3,
      'answered before the second replacement listened: by the first',
    );

    for (const id of acknowledged) {
      const res = await fetch(`${base()}/credentials/${id}.json`);
      assert.equal(res.status, 200, `acknowledged credential ${id} is stored`);
    }
    const list = (await (
      await fetch(`${base()}/api/v1/credentials?pageSize=100`, {
        headers: { Authorization: `Bearer ${key}` },
      })
    ).json()) as {
      items: Array<{ id: string }>;
    };
    const listed = new Set(list.items.map((i) => i.id));
    assert.ok(
      acknowledged.every((id) => listed.has(id)),
      'every acknowledged credential is listed',
    );
    assert.equal(new Set(acknowledged).size, acknowledged.length);
  });

  it('stops every worker and the store on SIGTERM', async () => {
    await until('the second replacement listens', () => count(run.out(), 'listening') === 4, run);
    assert.equal(await run.stop(), 0);
    await until('no worker is left', () => workersOf(tag).length === 0, run, 10000);
    const stores = pids().filter(
      (pid) =>
        read(`/proc/${pid}/environ`).includes(`TILTS_TEST_TAG=${tag}`) &&
        read(`/proc/${pid}/comm`).trim() === 'ferretdb',
    );
    assert.deepEqual(stores, [], 'the embedded store stopped');
  });
});

describe('WORKERS=2 when a worker cannot start', function () {
  this.timeout(120000);
  it('exits 1 with one line, stopping the other worker and the embedded store, without restarting it', async () => {
    const tag = randomUUID();
    const run = runMain({
      WORKERS: '2',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      REFERENCE_DATA_DIR: '/nonexistent/reference',
      TILTS_TEST_TAG: tag,
    });
    assert.equal(await run.exit, 1);
    assert.match(run.err(), /tilts: a worker failed to start \(exit code 1\)/);
    assert.equal(count(run.out(), 'worker exited; starting another'), 0);
    const left = pids().filter((pid) => read(`/proc/${pid}/environ`).includes(`TILTS_TEST_TAG=${tag}`));
    assert.deepEqual(left, [], 'no worker or store process is left');
  });
});
