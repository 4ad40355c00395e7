/**
 * Runs @digitalcredentials/verifier-core (DCC's verifier, inside VerifierPlus and the Learner Credential
 * Wallet) as an outside client, in a process of its own: stdin `{origin, schemaDir, credentials}`,
 * stdout `{results, fetched, refused}`. Nothing leaves 127.0.0.1: every socket to another host is
 * refused before it connects, and every fetch outside `origin` is refused, except the purl JSON
 * schemas that verifier-core downloads for its schema check, which are answered from the local copy
 * of that reference data. Started by dcc-verifier.ts with NODE_EXTRA_CA_CERTS (the test certificate).
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

interface Input {
  origin: string;
  schemaDir: string;
  credentials: unknown[];
}

const input = JSON.parse(readFileSync(0, 'utf8')) as Input;
const fetched: string[] = [];
const refused: string[] = [];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const PURL_SCHEMAS = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';

// verifier-core logs to the console; stdout carries only the answer
console.log = console.error;

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
  const options = (typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] }) as {
    host?: string;
    port?: unknown;
    path?: string;
  };
  const host = options.host ?? 'localhost';
  if (options.path === undefined && !LOOPBACK.has(host)) {
    refused.push(`connect ${host}:${String(options.port)}`);
    throw new Error(`offline test: a connection to ${host} was refused`);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

const realFetch = globalThis.fetch;
globalThis.fetch = async (resource: string | URL | Request, init?: RequestInit) => {
  const url =
    typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
  if (url.startsWith(`${input.origin}/`)) {
    fetched.push(url);
    return realFetch(resource, init);
  }
  if (url.startsWith(PURL_SCHEMAS) && /^[a-z0-9_]+\.json$/.test(url.slice(PURL_SCHEMAS.length))) {
    fetched.push(`${url} (local copy)`);
    const body = readFileSync(join(input.schemaDir, url.slice(PURL_SCHEMAS.length)));
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  }
  refused.push(url);
  throw new TypeError(`offline test: ${url} was refused`);
};

/** Errors as plain data (Error objects do not survive JSON). */
const plain = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : v,
    ),
  );

const { verifyCredential } = await import('@digitalcredentials/verifier-core');
type Credential = Parameters<typeof verifyCredential>[0]['credential'];
const results = [];
for (const credential of input.credentials) {
  const { credential: _echo, ...result } = await verifyCredential({
    credential: credential as Credential,
    knownDIDRegistries: [],
  });
  results.push(plain(result));
}
process.stdout.write(JSON.stringify({ results, fetched, refused }));
