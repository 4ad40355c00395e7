import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_LEVELS, type LogLevel } from './infra/logger.js';

/** Relative paths in the configuration are relative to the project root, wherever the process starts. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const fromRoot = (path: string): string => (isAbsolute(path) ? path : join(PROJECT_ROOT, path));

/** Validated, frozen configuration. The only reader of process.env is `loadConfig`. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  mongodbUri?: string;
  adminToken?: string;
  /** 32 bytes, from MASTER_KEY (base64url, base64 or hex) */
  masterKey?: Buffer;
  tls?: { certFile: string; keyFile: string };
  logLevel: LogLevel;
  dataDir: string;
  keysDir: string;
  referenceDataDir: string;
  ferretdbBin: string;
  embeddedStorePort: number;
  bodyLimitBytes: number;
  /** verifier: fetch other issuers' keys and status lists over HTTPS */
  remoteFetch: boolean;
  /** tests only: allow remote fetches to loopback and private addresses */
  remoteFetchAllowPrivate: boolean;
  /** public verify endpoints: requests per minute per client address */
  verifyRateLimit: number;
  /** proxy hops to trust for the client address (express "trust proxy") */
  trustProxy: number;
  /** a client must send its request headers, and its whole request, within these (ms) */
  httpTimeouts: { headersMs: number; requestMs: number };
  /** worker threads validating (JSON-LD expansion) credentials before they are signed; 0 = main thread */
  jsonldWorkers: number;
  /** V8's old generation may grow this many percent past what the last full collection kept; 0 = V8's own rule */
  heapGrowingPercent: number;
}

/** A configuration problem: one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/** Documentation of every variable, rendered into the README table and checked by a test. */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: string; default: string; description: string }> = [
  { name: 'PORT', default: '3000', description: 'HTTP(S) port' },
  { name: 'HOST', default: '0.0.0.0', description: 'listen address' },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:$PORT',
    description: 'origin that ids and links in credentials use; no trailing slash',
  },
  {
    name: 'MONGODB_URI',
    default: '(unset: embedded FerretDB)',
    description: 'MongoDB 6+ connection string, database name included',
  },
  {
    name: 'ADMIN_TOKEN',
    default: '(generated on first start)',
    description: 'platform-admin bearer token, at least 24 characters',
  },
  {
    name: 'MASTER_KEY',
    default: '(generated in keys/master.key)',
    description: '32-byte key (base64url, base64 or hex) encrypting issuer private keys',
  },
  {
    name: 'TLS_CERT',
    default: '(unset)',
    description: 'PEM certificate file; with TLS_KEY the service serves HTTPS itself',
  },
  { name: 'TLS_KEY', default: '(unset)', description: 'PEM private key file for TLS_CERT' },
  { name: 'LOG_LEVEL', default: 'info', description: 'debug, info, warn, error or silent' },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'runtime data: embedded store, generated admin-token hash',
  },
  { name: 'KEYS_DIR', default: './keys', description: 'local key material (generated master key)' },
  {
    name: 'REFERENCE_DATA_DIR',
    default: '$DATA_DIR/reference',
    description: 'reference data filled by scripts/setup.sh',
  },
  {
    name: 'FERRETDB_BIN',
    default: './.tools/bin/ferretdb',
    description: 'embedded store binary (scripts/install-ferretdb.sh)',
  },
  {
    name: 'EMBEDDED_STORE_PORT',
    default: '0 (a free port)',
    description: 'loopback port of the embedded store',
  },
  { name: 'BODY_LIMIT', default: '1mb', description: 'largest accepted request body (e.g. 512kb, 2mb)' },
  {
    name: 'REMOTE_FETCH',
    default: 'true',
    description: "verifier: fetch other issuers' keys and status lists over HTTPS",
  },
  {
    name: 'REMOTE_FETCH_ALLOW_PRIVATE',
    default: 'false',
    description: 'tests only: let remote fetches reach loopback and private addresses',
  },
  {
    name: 'VERIFY_RATE_LIMIT',
    default: '120',
    description: 'public verify requests per minute per client address',
  },
  {
    name: 'JSONLD_WORKERS',
    default: '0',
    description: 'worker threads that validate and expand credentials before signing (0: in the main thread)',
  },
  {
    name: 'HEAP_GROWING_PERCENT',
    default: '30',
    description:
      "how far (%) the JavaScript heap grows past its live data before a full collection (0: V8's own rule)",
  },
  {
    name: 'TRUST_PROXY',
    default: '0',
    description: 'number of reverse-proxy hops whose X-Forwarded-* headers are trusted',
  },
  {
    name: 'HEADERS_TIMEOUT',
    default: '10',
    description: 'seconds a client has to send its request headers; then the connection is closed',
  },
  {
    name: 'REQUEST_TIMEOUT',
    default: '30',
    description: 'seconds a client has to send its whole request (at least HEADERS_TIMEOUT)',
  },
];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

function publicUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('PUBLIC_URL', 'must be http or https');
  if (url.search || url.hash) throw new ConfigError('PUBLIC_URL', 'must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

export function parseMasterKey(raw: string, variable = 'MASTER_KEY'): Buffer {
  const trimmed = raw.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64url');
  if (bytes.length !== 32)
    throw new ConfigError(variable, 'must encode exactly 32 bytes (base64url, base64 or 64 hex digits)');
  return bytes;
}

function bodyLimit(env: Env): number {
  const raw = (optional(env, 'BODY_LIMIT') ?? '1mb').trim().toLowerCase();
  const match = /^(\d+)(b|kb|mb)?$/.exec(raw);
  if (!match) throw new ConfigError('BODY_LIMIT', `expected e.g. 512kb or 2mb, got "${env.BODY_LIMIT}"`);
  const factor = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b') as 'b' | 'kb' | 'mb'];
  const bytes = Number(match[1]) * factor;
  if (bytes < 1024 || bytes > 50 * 1024 * 1024)
    throw new ConfigError('BODY_LIMIT', 'must be between 1kb and 50mb');
  return bytes;
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function logLevelOf(env: Env): LogLevel {
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return logLevel as LogLevel;
}

function mongodbUriOf(env: Env): string | undefined {
  const mongodbUri = optional(env, 'MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    throw new ConfigError('MONGODB_URI', 'must start with mongodb:// or mongodb+srv://');
  }
  return mongodbUri;
}

function tlsFiles(env: Env): Config['tls'] {
  const certFile = optional(env, 'TLS_CERT');
  const keyFile = optional(env, 'TLS_KEY');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(certFile ? 'TLS_KEY' : 'TLS_CERT', 'TLS_CERT and TLS_KEY must be set together');
  }
  return certFile && keyFile ? { certFile, keyFile } : undefined;
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env): Readonly<Config> {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const logLevel = logLevelOf(env);
  const adminToken = optional(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 24)
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 24 characters');
  const mongodbUri = mongodbUriOf(env);
  const tls = tlsFiles(env);
  const masterKeyRaw = optional(env, 'MASTER_KEY');
  const dataDir = fromRoot(optional(env, 'DATA_DIR') ?? 'data');
  return Object.freeze({
    port,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    publicUrl: publicUrl(env, port),
    mongodbUri,
    adminToken,
    masterKey: masterKeyRaw === undefined ? undefined : parseMasterKey(masterKeyRaw),
    tls,
    logLevel,
    dataDir,
    keysDir: fromRoot(optional(env, 'KEYS_DIR') ?? 'keys'),
    referenceDataDir: fromRoot(optional(env, 'REFERENCE_DATA_DIR') ?? join(dataDir, 'reference')),
    ferretdbBin: fromRoot(optional(env, 'FERRETDB_BIN') ?? '.tools/bin/ferretdb'),
    embeddedStorePort: integer(env, 'EMBEDDED_STORE_PORT', 0, 0, 65535),
    bodyLimitBytes: bodyLimit(env),
    remoteFetch: boolean(env, 'REMOTE_FETCH', true),
    remoteFetchAllowPrivate: boolean(env, 'REMOTE_FETCH_ALLOW_PRIVATE', false),
    verifyRateLimit: integer(env, 'VERIFY_RATE_LIMIT', 120, 1, 1_000_000),
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 10),
    httpTimeouts: httpTimeouts(env),
    jsonldWorkers: integer(env, 'JSONLD_WORKERS', 0, 0, 16),
    heapGrowingPercent: integer(env, 'HEAP_GROWING_PERCENT', 30, 0, 400),
  });
}

/** Slow clients (slowloris) must not hold connections: headers and request each get a deadline. */
function httpTimeouts(env: Env): Config['httpTimeouts'] {
  const headers = integer(env, 'HEADERS_TIMEOUT', 10, 1, 300);
  const request = integer(env, 'REQUEST_TIMEOUT', 30, 1, 600);
  if (request < headers)
    throw new ConfigError('REQUEST_TIMEOUT', `must be at least HEADERS_TIMEOUT (${headers} s)`);
  return { headersMs: headers * 1000, requestMs: request * 1000 };
}
