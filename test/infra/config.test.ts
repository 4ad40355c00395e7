import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig, PROJECT_ROOT, type Config } from '../../src/config.js';

const KEY = randomBytes(32);

/** Runs loadConfig and returns the ConfigError it throws. */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  describe('refuses a wrong value with a one-line ConfigError that starts with the variable name', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['PORT', { PORT: 'abc' }],
      ['PORT', { PORT: '70000' }],
      ['PORT', { PORT: '-1' }],
      ['PORT', { PORT: '80.5' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'ftp://tilts.example.lv' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'https://tilts.example.lv/?x=1' }],
      ['PUBLIC_URL', { PUBLIC_URL: 'https://tilts.example.lv/#top' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
      ['MASTER_KEY', { MASTER_KEY: randomBytes(16).toString('base64url') }],
      ['MASTER_KEY', { MASTER_KEY: randomBytes(33).toString('base64url') }],
      ['MASTER_KEY', { MASTER_KEY: 'ab'.repeat(31) }],
      ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short-token' }],
      ['ADMIN_TOKEN', { ADMIN_TOKEN: 'x'.repeat(23) }],
      ['TLS_KEY', { TLS_CERT: '/etc/tilts/cert.pem' }],
      ['TLS_CERT', { TLS_KEY: '/etc/tilts/key.pem' }],
      ['BODY_LIMIT', { BODY_LIMIT: 'lots' }],
      ['BODY_LIMIT', { BODY_LIMIT: '100mb' }],
      ['BODY_LIMIT', { BODY_LIMIT: '10b' }],
      ['BODY_LIMIT', { BODY_LIMIT: '2gb' }],
      ['REMOTE_FETCH', { REMOTE_FETCH: 'maybe' }],
      ['REMOTE_FETCH_ALLOW_PRIVATE', { REMOTE_FETCH_ALLOW_PRIVATE: '2' }],
      ['MONGODB_URI', { MONGODB_URI: 'http://127.0.0.1:27017/tilts' }],
      ['EMBEDDED_STORE_PORT', { EMBEDDED_STORE_PORT: 'x' }],
      ['VERIFY_RATE_LIMIT', { VERIFY_RATE_LIMIT: '0' }],
      ['TRUST_PROXY', { TRUST_PROXY: '11' }],
      ['JSONLD_WORKERS', { JSONLD_WORKERS: '17' }],
      ['HEAP_GROWING_PERCENT', { HEAP_GROWING_PERCENT: '401' }],
      ['HEAP_GROWING_PERCENT', { HEAP_GROWING_PERCENT: '-5' }],
      ['HEADERS_TIMEOUT', { HEADERS_TIMEOUT: '0' }],
      ['HEADERS_TIMEOUT', { HEADERS_TIMEOUT: '2.5' }],
      ['REQUEST_TIMEOUT', { REQUEST_TIMEOUT: '601' }],
      ['REQUEST_TIMEOUT', { REQUEST_TIMEOUT: '5' }],
    ];
    for (const [variable, env] of cases) {
      it(`${variable}=${JSON.stringify(Object.values(env)[0])}`, () => {
        const error = refusal(env);
        assert.equal(error.variable, variable);
        assert.ok(error.message.startsWith(`${variable}: `), error.message);
        assert.equal(error.message.includes('\n'), false, 'one line');
        if (env.MASTER_KEY)
          assert.equal(error.message.includes(env.MASTER_KEY), false, 'the key is not echoed');
      });
    }
  });

  it('names the first wrong variable when several are wrong', () => {
    assert.equal(refusal({ PORT: 'x', LOG_LEVEL: 'loud' }).variable, 'PORT');
  });

  it('accepts MASTER_KEY as base64url, base64 or hex of the same 32 bytes', () => {
    for (const encoded of [KEY.toString('base64url'), KEY.toString('base64'), KEY.toString('hex')])
      assert.ok(loadConfig({ MASTER_KEY: encoded }).masterKey?.equals(KEY), encoded);
  });

  it('accepts good values and converts them', () => {
    const config = loadConfig({
      PORT: '8443',
      PUBLIC_URL: 'https://tilts.example.lv/',
      LOG_LEVEL: 'WARN',
      ADMIN_TOKEN: 'a'.repeat(24),
      TLS_CERT: '/etc/tilts/cert.pem',
      TLS_KEY: '/etc/tilts/key.pem',
      BODY_LIMIT: '512kb',
      REMOTE_FETCH: 'off',
      MONGODB_URI: 'mongodb://db.example.lv:27017/tilts',
      DATA_DIR: '/var/lib/tilts',
    });
    assert.equal(config.port, 8443);
    assert.equal(config.publicUrl, 'https://tilts.example.lv', 'no trailing slash');
    assert.equal(config.logLevel, 'warn');
    assert.deepEqual(config.tls, { certFile: '/etc/tilts/cert.pem', keyFile: '/etc/tilts/key.pem' });
    assert.equal(config.bodyLimitBytes, 512 * 1024);
    assert.equal(config.remoteFetch, false);
    assert.equal(config.referenceDataDir, '/var/lib/tilts/reference');
    assert.equal(Object.isFrozen(config), true);
  });

  describe('defaults as documented in CONFIG_VARIABLES', () => {
    const defaults = loadConfig({});
    const root = (path: string) => join(PROJECT_ROOT, path);
    const expected: Record<string, [(c: Readonly<Config>) => unknown, unknown]> = {
      PORT: [(c) => c.port, 3000],
      HOST: [(c) => c.host, '0.0.0.0'],
      PUBLIC_URL: [(c) => c.publicUrl, 'http://localhost:3000'],
      MONGODB_URI: [(c) => c.mongodbUri, undefined],
      ADMIN_TOKEN: [(c) => c.adminToken, undefined],
      MASTER_KEY: [(c) => c.masterKey, undefined],
      TLS_CERT: [(c) => c.tls, undefined],
      TLS_KEY: [(c) => c.tls, undefined],
      LOG_LEVEL: [(c) => c.logLevel, 'info'],
      DATA_DIR: [(c) => c.dataDir, root('data')],
      KEYS_DIR: [(c) => c.keysDir, root('keys')],
      REFERENCE_DATA_DIR: [(c) => c.referenceDataDir, join(root('data'), 'reference')],
      FERRETDB_BIN: [(c) => c.ferretdbBin, root('.tools/bin/ferretdb')],
      EMBEDDED_STORE_PORT: [(c) => c.embeddedStorePort, 0],
      BODY_LIMIT: [(c) => c.bodyLimitBytes, 1024 * 1024],
      REMOTE_FETCH: [(c) => c.remoteFetch, true],
      REMOTE_FETCH_ALLOW_PRIVATE: [(c) => c.remoteFetchAllowPrivate, false],
      VERIFY_RATE_LIMIT: [(c) => c.verifyRateLimit, 120],
      TRUST_PROXY: [(c) => c.trustProxy, 0],
      JSONLD_WORKERS: [(c) => c.jsonldWorkers, 0],
      HEAP_GROWING_PERCENT: [(c) => c.heapGrowingPercent, 30],
      HEADERS_TIMEOUT: [(c) => c.httpTimeouts.headersMs, 10000],
      REQUEST_TIMEOUT: [(c) => c.httpTimeouts.requestMs, 30000],
    };

    it('documents every variable it checks here, and this test checks every documented one', () => {
      assert.deepEqual(CONFIG_VARIABLES.map((v) => v.name).sort(), Object.keys(expected).sort());
      for (const v of CONFIG_VARIABLES) assert.ok(v.description.length > 10, `${v.name} is described`);
    });

    for (const variable of CONFIG_VARIABLES) {
      it(`${variable.name} defaults to ${variable.default}`, () => {
        const [read, value] = expected[variable.name] ?? [() => assert.fail('no expectation'), undefined];
        assert.deepEqual(read(defaults), value);
      });
    }

    it('derives PUBLIC_URL from PORT, relative directories from the project root', () => {
      assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
      assert.equal(loadConfig({ DATA_DIR: 'var/data' }).dataDir, root('var/data'));
      assert.equal(loadConfig({ DATA_DIR: '/srv/d' }).referenceDataDir, '/srv/d/reference');
    });

    it('treats an empty variable as unset', () => {
      const empty = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, '']));
      assert.deepEqual(loadConfig(empty), defaults);
    });
  });
});

describe('README configuration table', () => {
  it('lists every configuration variable with its documented default', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const v of CONFIG_VARIABLES) {
      const row = rows.find((cells) => cells[1] === `\`${v.name}\``);
      assert.ok(row, `README has no row for ${v.name}`);
      assert.equal(row[2], v.default, `README row for ${v.name} does not show the default`);
    }
  });
});
