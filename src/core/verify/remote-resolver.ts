import { isIP } from 'node:net';
import { AppError, type ErrorCode } from '../../errors.js';
import { didWebToUrl } from './did-web.js';
import { isPublicAddress } from './ip-ranges.js';
import { createRemoteCache, type CachedDocument, type RemoteCache } from './remote-cache.js';
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
  /** default: {@link createRemoteCache} with its default limits and `cacheTtlMs` */
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

/**
 * Remote HTTP requests one verification may make, all together: controller documents of the issuer,
 * of endorsers and of status list issuers, status lists, every redirect hop, and those of every
 * credential in a presentation. Beyond it nothing more is fetched.
 */
export const MAX_REMOTE_FETCHES = 8;

/** How many remote requests one verification may still make. */
export interface FetchBudget {
  readonly limit: number;
  readonly used: number;
  /** counts one request to `url`; throws `remote-fetch-budget-exhausted` (and counts nothing) past the limit */
  take(url: string): void;
}

/** A fresh budget for one verification (one POST /credentials/verify or /presentations/verify). */
export function createFetchBudget(limit: number = MAX_REMOTE_FETCHES): FetchBudget {
  let used = 0;
  return {
    limit,
    get used() {
      return used;
    },
    take(url) {
      if (used >= limit) {
        const detail = `one verification fetches at most ${limit} remote documents; this one was not fetched`;
        throw new RemoteFetchError('remote-fetch-budget-exhausted', url, detail);
      }
      used += 1;
    },
  };
}

/** Resolves a controller document or status list by id, counting every request against `budget`. */
export type RemoteResolver = (id: string, budget: FetchBudget) => Promise<JsonRecord | undefined>;

const DEFAULTS = { timeoutMs: 5000, maxBytes: 256 * 1024, maxRedirects: 3 };
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

interface Exchange {
  options: Limits;
  signal: AbortSignal;
  budget: FetchBudget;
}

async function fetchHop(url: URL, { options, signal }: Exchange): Promise<RemoteResponse> {
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

/** GET with manual redirects, every hop vetted (and each redirect counted), under one deadline for the whole exchange. */
async function fetchDocument(start: string, exchange: Exchange): Promise<CachedDocument> {
  const { options, signal } = exchange;
  let url = vetUrl(start, options);
  for (let redirects = 0; ; redirects += 1) {
    const response = await fetchHop(url, exchange);
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
      exchange.budget.take(url.href);
      continue;
    }
    if (response.status !== 200)
      throw new RemoteFetchError('remote-http-error', url.href, `HTTP ${response.status}`);
    const text = await beforeDeadline(readLimited(response, url.href, options.maxBytes), signal, url.href);
    return { document: parseDocument(text, url.href), bytes: Buffer.byteLength(text) };
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
 * redirect budget per document, a budget of requests per verification, and a bounded LRU cache.
 * Concurrent requests for one URL share one fetch. Ids it does not handle answer undefined; refusals
 * and failures throw {@link RemoteFetchError} with a stable code. Fetch, DNS and clock are injected.
 */
export function createRemoteResolver(settings: RemoteResolverOptions): RemoteResolver {
  const options: Limits = { ...DEFAULTS, ...settings };
  const cache =
    settings.cache ??
    createRemoteCache(settings.cacheTtlMs === undefined ? {} : { ttlMs: settings.cacheTtlMs }, settings.now);
  const pending = new Map<string, Promise<CachedDocument>>();
  const load = async (url: string, budget: FetchBudget): Promise<CachedDocument> => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.timeoutMs);
    try {
      const fetched = await fetchDocument(url, { options, signal: abort.signal, budget });
      cache.set(url, fetched);
      return fetched;
    } finally {
      clearTimeout(timer);
    }
  };
  return async (id, budget) => {
    const url = controllerUrl(id);
    if (!url) return undefined;
    const cached = cache.get(url);
    if (cached) return cached.document;
    let work = pending.get(url);
    if (!work) {
      // the first request is counted before it is shared, so a spent budget never fails another verification
      budget.take(url);
      work = load(url, budget).finally(() => pending.delete(url));
      pending.set(url, work);
    }
    return (await work).document;
  };
}
