import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { freePort } from '../../src/infra/embedded-store.js';
import { call, catalog, classRows, csvOf, services, type Service } from '../helpers/issuance-jobs.js';

interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** `npm run issue -- …` as a staff script runs it: its own process, no TTY, the key in the environment. */
function cli(args: string[], env: Record<string, string>, onErr?: (text: string) => void): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/issue.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    onErr?.(err);
  });
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

describe('npm run issue (the CLI) against a real service process', function () {
  this.timeout(300_000);
  const cluster = services('jobs_cli');
  let service: Service;
  let key: string;
  let achievementId: string;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    service = await cluster.start();
    ({ key, achievementId } = await catalog(service));
    dir = mkdtempSync(join(tmpdir(), 'tilts-cli-'));
    env = { TILTS_URL: `http://127.0.0.1:${service.port}`, TILTS_API_KEY: key };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    assert.equal(await service.run.stop(), 0, service.run.err());
  });

  it('uploads the class, prints progress lines (no TTY) and the summary, writes the results file; exit 1 when a row was refused', async () => {
    const file = join(dir, 'klase 3B.csv');
    writeFileSync(
      file,
      csvOf(classRows(12, 'cli'), { separator: ';', bom: true, raw: ['Anna;Liepiņa;nav-epasts;8'] }),
    );
    const run = await cli(['--achievement', achievementId, '--csv', file], env);
    assert.equal(run.code, 1, run.err);
    assert.match(run.err, /^job [0-9a-f-]{36}: 13 rows \(1 refused on reading\)$/m);
    assert.match(run.err, /^progress 13\/13 \(100%\): issued 12, refused 1, failed 0$/m);
    assert.match(run.out, /^13 rows: 12 issued, 1 refused, 0 failed, 0 cancelled$/m);
    assert.match(run.out, /^ {2}row 14: refused — .*email/m);
    const results = join(dir, 'klase 3B.results.csv');
    assert.match(run.out, new RegExp(`^results: ${results.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const lines = readFileSync(results, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    assert.equal(lines.length, 14);
    assert.match(
      lines[1] ?? '',
      /^2,issued,http:\/\/127\.0\.0\.1:\d+\/credentials\/[0-9a-f-]{36},[0-9a-f-]{36},Ģirts,Ķēniņš-0,/,
    );
  });

  it('exit 0 when every row was issued, with --out choosing the results file', async () => {
    const file = join(dir, 'all-good.csv');
    writeFileSync(file, csvOf(classRows(3, 'cli-good')));
    const out = join(dir, 'out.csv');
    const run = await cli(
      ['--achievement', achievementId, '--csv', file, '--out', out, '--language', 'en'],
      env,
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^3 rows: 3 issued, 0 refused/m);
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 4);
  });

  it('exit 2 on usage errors, 3 when the service refuses the upload, 5 when it cannot be reached', async () => {
    const usage = await cli(['--csv', 'nope.csv'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /missing --achievement/);
    assert.match(usage.err, /Usage: npm run issue/);
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(
      latin1,
      Buffer.from('givenName,familyName,email\nGirts,K\xe7ni\xf2\xf0,g@example.lv\n', 'latin1'),
    );
    const refused = await cli(['--achievement', achievementId, '--csv', latin1], env);
    assert.equal(refused.code, 3, refused.err);
    assert.match(
      refused.err,
      /refused the upload \(400\):\n.*not UTF-8.*\[csv-not-utf8\]\n {2}\/line\/2: line 2 is not valid UTF-8/,
    );
    const closed = await freePort();
    const away = await cli(['--achievement', achievementId, '--csv', latin1], {
      ...env,
      TILTS_URL: `http://127.0.0.1:${closed}`,
    });
    assert.equal(away.code, 5, away.err);
    assert.match(away.err, /cannot reach the service/);
  });

  it('exit 4 when the job is cancelled while the CLI follows it', async () => {
    const file = join(dir, 'long.csv');
    writeFileSync(file, csvOf(classRows(80, 'cli-cancel')));
    let cancelled = false;
    const run = await cli(['--achievement', achievementId, '--csv', file], env, (err) => {
      const id = /^job ([0-9a-f-]{36})/m.exec(err)?.[1];
      if (id && !cancelled) {
        cancelled = true;
        void call(service, 'POST', `/api/v1/issuance-jobs/${id}/cancel`, key);
      }
    });
    assert.equal(run.code, 4, run.err);
    assert.match(run.out, /^80 rows: \d+ issued, 0 refused, 0 failed, \d+ cancelled$/m);
  });
});
