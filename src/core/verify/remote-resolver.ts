import { isIP } from 'node:net';
import { AppError, type ErrorCode } from '../../errors.js';
import { didWebToUrl } from './did-web.js';
import { isPublicAddress } from './ip-ranges.js';
import type { ControllerResolver } from './types.js';
import { isRecord, withoutFragment, type JsonRecord } from './util.js';

/** The part of a fetch Response the resolver reads (Node's fetch Response fits). */
export interface RemoteResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | null;
}

export interface RemoteFetchInit {
  signal: AbortSignal;
  redirect: 'manual';
  headers: Record<string, string>;
  /** the vetted address the host resolved to; a fetch that pins its connection to it defeats DNS rebinding */
  address?: string;
}

export type RemoteFetch = (url: string, init: RemoteFetchInit) => Promise<RemoteResponse>;
export type DnsLookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface RemoteCache {
  get(key: string): { expires: number; document: JsonRecord } | undefined;
  set(key: string, value: { expires: number; document: JsonRecord }): void;
}

export interface RemoteResolverOptions {
  fetch: RemoteFetch;
  lookup: DnsLookup;
  /** the clock for cache expiry, in ms */
  now: () => number;
  /** test mode only: allows http and loopback / private addresses */
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  cacheTtlMs?: number;
  cache?: RemoteCache;
}

export type RemoteFetchErrorCode = Extract<ErrorCode, `remote-${string}`>;

export class RemoteFetchError extends AppError {
  declare readonly code: RemoteFetchErrorCode;
  constructor(
    code: RemoteFetchErrorCode,
    readonly url: string,
    message: string,
  ) {
    super(code, `${message} (${url})`);
  }
}

const DEFAULTS = { timeoutMs: 5000, maxBytes: 256 * 1024, maxRedirects: 3, cacheTtlMs: 5 * 60 * 1000 };
const ACCEPT = 'application/did+json, application/did+ld+json, application/ld+json, application/json;q=0.9';

type Limits = Required<Pick<RemoteResolverOptions, 'timeoutMs' | 'maxBytes' | 'maxRedirects'>> &
  RemoteResolverOptions;

/** Rejects as soon as the signal aborts, whether or not the awaited work honours the signal. */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal, url: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timedOut = () =>
      reject(new RemoteFetchError('remote-timeout', url, 'the remote document took too long'));
    if (signal.aborted) return timedOut();
    signal.addEventListener('abort', timedOut, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', timedOut));
  });
}

function vetUrl(raw: string, options: Limits): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RemoteFetchError('remote-url-refused', raw, 'not a URL');
  }
  const schemes = options.allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol))
    throw new RemoteFetchError('remote-url-refused', raw, 'only https URLs are fetched');
  if (url.username || url.password)
    throw new RemoteFetchError('remote-url-refused', raw, 'URLs with credentials are refused');
  return url;
}

/** Resolves the host and refuses it unless every address is public; returns the address to connect to. */
async function vetHost(url: URL, options: Limits, signal: AbortSignal): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (options.allowPrivateNetworks) return undefined;
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await beforeDeadline(options.lookup(host), signal, url.href)).map((a) => a.address);
    } catch (error) {
      if (error instanceof RemoteFetchError) throw error;
      throw new RemoteFetchError('remote-dns-failed', url.href, `${host} does not resolve`);
    }
  }
  if (addresses.length === 0)
    throw new RemoteFetchError('remote-dns-failed', url.href, `${host} does not resolve`);
  if (!addresses.every(isPublicAddress)) {
    throw new RemoteFetchError(
      'remote-host-refused',
      url.href,
      `${host} is a loopback, private or reserved address`,
    );
  }
  return addresses[0];
}

async function readLimited(response: RemoteResponse, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new RemoteFetchError('remote-too-large', url, `the document is larger than ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > maxBytes)
      throw new RemoteFetchError('remote-too-large', url, `the document is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseDocument(text: string, url: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RemoteFetchError('remote-invalid-json', url, 'the document is not JSON');
  }
  if (!isRecord(value))
    throw new RemoteFetchError('remote-invalid-json', url, 'the document is not a JSON object');
  return value;
}

async function fetchHop(url: URL, options: Limits, signal: AbortSignal): Promise<RemoteResponse> {
  const address = await vetHost(url, options, signal);
  const init: RemoteFetchInit = {
    signal,
    redirect: 'manual',
    headers: { accept: ACCEPT },
    ...(address ? { address } : {}),
  };
  try {
    return await beforeDeadline(options.fetch(url.href, init), signal, url.href);
  } catch (error) {
    if (error instanceof RemoteFetchError) throw error;
    throw new RemoteFetchError('remote-fetch-failed', url.href, (error as Error).message);
  }
}

/** GET with manual redirects, every hop vetted, under one deadline for the whole exchange. */
async function fetchDocument(start: string, options: Limits, signal: AbortSignal): Promise<JsonRecord> {
  let url = vetUrl(start, options);
  for (let redirects = 0; ; redirects += 1) {
    const response = await fetchHop(url, options, signal);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      if (redirects >= options.maxRedirects) {
        throw new RemoteFetchError(
          'remote-too-many-redirects',
          url.href,
          `more than ${options.maxRedirects} redirects`,
        );
      }
      url = vetUrl(new URL(location, url).href, options);
      continue;
    }
    if (response.status !== 200)
      throw new RemoteFetchError('remote-http-error', url.href, `HTTP ${response.status}`);
    return parseDocument(
      await beforeDeadline(readLimited(response, url.href, options.maxBytes), signal, url.href),
      url.href,
    );
  }
}

/** Where a controller id is published: did:web per its method spec, https ids at themselves. */
export function controllerUrl(id: string): string | undefined {
  if (id.startsWith('did:web:')) return didWebToUrl(id);
  if (/^https?:\/\//i.test(id)) return withoutFragment(id);
  return undefined;
}

/**
 * A controller resolver for issuers on the web (OB 3.0 "Dereferencing the Public Key"; did:web):
 * https only, no loopback / private / link-local hosts (each redirect hop re-checked), a size, time and
 * redirect budget, and a TTL cache. Ids it does not handle answer undefined; refusals and failures
 * throw {@link RemoteFetchError} with a stable code. Fetch and DNS are injected.
 */
export function createRemoteResolver(settings: RemoteResolverOptions): ControllerResolver {
  const options: Limits = { ...DEFAULTS, ...settings };
  const ttl = settings.cacheTtlMs ?? DEFAULTS.cacheTtlMs;
  const cache: RemoteCache = settings.cache ?? new Map<string, { expires: number; document: JsonRecord }>();
  return async (id) => {
    const url = controllerUrl(id);
    if (!url) return undefined;
    const cached = cache.get(url);
    if (cached && cached.expires > options.now()) return cached.document;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.timeoutMs);
    try {
      const document = await fetchDocument(url, options, abort.signal);
      cache.set(url, { expires: options.now() + ttl, document });
      return document;
    } finally {
      clearTimeout(timer);
    }
  };
}
