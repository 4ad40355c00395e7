import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config.js';

const run = promisify(execFile);
const SCHEMA = 'openbadges/schema/purl/ob_v3p0_achievementcredential_schema.json';

/** scripts/setup-reference-data.mjs with exactly `env` (plus PATH and HOME). */
const setupReference = (env: Record<string, string>) =>
  run(process.execPath, ['scripts/setup-reference-data.mjs'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
  });

describe('setup: reference data lands where the service reads it', () => {
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tilts-setup-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('with only DATA_DIR set, fills $DATA_DIR/reference (the service default), not ./data/reference', async () => {
    const data = temp();
    await setupReference({ DATA_DIR: data });
    assert.ok(existsSync(join(data, 'reference', SCHEMA)));
  });

  it('REFERENCE_DATA_DIR wins over DATA_DIR; an empty value counts as unset, as in the service config', async () => {
    const data = temp();
    const reference = temp();
    await setupReference({ DATA_DIR: data, REFERENCE_DATA_DIR: reference });
    assert.ok(existsSync(join(reference, SCHEMA)));
    assert.equal(existsSync(join(data, 'reference')), false);
    const other = temp();
    await setupReference({ DATA_DIR: other, REFERENCE_DATA_DIR: '' });
    assert.ok(existsSync(join(other, 'reference', SCHEMA)));
  });

  it('REFERENCE_SOURCE names a folder laid out like shared/specs, used when nothing sits beside the checkout', async () => {
    // the script alone in a folder with no ../shared beside it: REFERENCE_SOURCE is the only source
    const root = temp();
    mkdirSync(join(root, 'scripts'));
    copyFileSync(
      join(PROJECT_ROOT, 'scripts', 'setup-reference-data.mjs'),
      join(root, 'scripts', 'setup-reference-data.mjs'),
    );
    const source = join(temp(), 'specs');
    cpSync(join(PROJECT_ROOT, '..', 'shared', 'specs'), source, { recursive: true });
    await run(process.execPath, [join(root, 'scripts', 'setup-reference-data.mjs')], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), REFERENCE_SOURCE: source },
    });
    assert.ok(existsSync(join(root, 'data', 'reference', SCHEMA)));
  });
});
