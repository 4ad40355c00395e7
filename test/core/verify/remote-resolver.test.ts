import assert from 'node:assert/strict';
import { didWebToUrl } from '../../../src/core/verify/did-web.js';
import { isPublicAddress } from '../../../src/core/verify/ip-ranges.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRemoteCache, REMOTE_CACHE_LIMITS } from '../../../src/core/verify/remote-cache.js';
import {
  createFetchBudget,
  createRemoteResolver,
  MAX_REMOTE_FETCHES,
  RemoteFetchError,
  type RemoteFetch,
  type RemoteResolverOptions,
  type RemoteResponse,
} from '../../../src/core/verify/remote-resolver.js';
import { combineControllerResolvers } from '../../../src/core/verify/resolvers.js';

const PROFILE_URL = 'https://issuer.example/issuers/vet-1';
const PUBLIC_IP = '93.184.215.14';

function response(status: number, body: string, headers: Record<string, string> = {}): RemoteResponse {
  const bytes = new TextEncoder().encode(body);
  return {
    status,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    body: (async function* () {
      yield bytes;
    })(),
  };
}

const json = (doc: unknown) => response(200, JSON.stringify(doc), { 'content-type': 'application/json' });

/** A fake fetch from URL to response, recording every URL asked for. */
function fakeFetch(
  routes: Record<string, () => RemoteResponse | Promise<RemoteResponse>>,
): RemoteFetch & { urls: string[] } {
  const urls: string[] = [];
  const fetch: RemoteFetch = async (url) => {
    urls.push(url);
    const route = routes[url];
    if (!route) return response(404, 'not found');
    return route();
  };
  return Object.assign(fetch, { urls });
}

function resolverWith(fetch: RemoteFetch, overrides: Partial<RemoteResolverOptions> = {}, ip = PUBLIC_IP) {
  let clock = Date.parse('2025-06-01T12:00:00Z');
  const lookups: string[] = [];
  const resolver = createRemoteResolver({
    fetch,
    lookup: async (host) => {
      lookups.push(host);
      return [{ address: ip, family: ip.includes(':') ? 6 : 4 }];
    },
    now: () => clock,
    timeoutMs: 200,
    maxBytes: 4096,
    maxRedirects: 2,
    cacheTtlMs: 1000,
    ...overrides,
  });
  // a budget that these tests never reach: the budget has tests of its own
  const resolve = (id: string) => resolver(id, createFetchBudget(100));
  return { resolve, lookups, tick: (ms: number) => (clock += ms) };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof RemoteFetchError && e.code === code);
}

describe('core/verify/remote-resolver', () => {
  it('fetches an https profile and caches it until the TTL passes', async () => {
    const fetch = fakeFetch({ [PROFILE_URL]: () => json({ id: PROFILE_URL }) });
    const { resolve, tick } = resolverWith(fetch);
    assert.deepEqual(await resolve(PROFILE_URL), { id: PROFILE_URL });
    assert.deepEqual(await resolve(`${PROFILE_URL}#key-1`), { id: PROFILE_URL });
    assert.equal(fetch.urls.length, 1);
    tick(1001);
    await resolve(PROFILE_URL);
    assert.equal(fetch.urls.length, 2);
  });

  it('maps did:web to its https URL and fetches the DID document there', async () => {
    assert.equal(didWebToUrl('did:web:w3c-ccg.github.io'), 'https://w3c-ccg.github.io/.well-known/did.json');
    assert.equal(
      didWebToUrl('did:web:w3c-ccg.github.io:user:alice'),
      'https://w3c-ccg.github.io/user/alice/did.json',
    );
    assert.equal(
      didWebToUrl('did:web:example.com%3A3000:user:alice'),
      'https://example.com:3000/user/alice/did.json',
    );
    assert.equal(didWebToUrl('did:web:example.com:..:etc'), undefined);
    assert.equal(didWebToUrl('did:web:example.com:%2e%2e'), undefined);
    assert.equal(didWebToUrl('did:key:z6Mk'), undefined);
    const fetch = fakeFetch({
      'https://tilts.example/issuers/vet-1/did.json': () =>
        json({ id: 'did:web:tilts.example:issuers:vet-1' }),
    });
    const { resolve } = resolverWith(fetch);
    assert.deepEqual(await resolve('did:web:tilts.example:issuers:vet-1'), {
      id: 'did:web:tilts.example:issuers:vet-1',
    });
  });

  it('answers undefined, without fetching, for ids it does not handle', async () => {
    const fetch = fakeFetch({});
    const { resolve } = resolverWith(fetch);
    assert.equal(await resolve('did:example:123'), undefined);
    assert.equal(await resolve('urn:uuid:1234'), undefined);
    assert.deepEqual(fetch.urls, []);
  });

  it('refuses http URLs', async () => {
    const fetch = fakeFetch({ 'http://issuer.example/p': () => json({}) });
    await rejectsWith(resolverWith(fetch).resolve('http://issuer.example/p'), 'remote-url-refused');
    assert.deepEqual(fetch.urls, []);
  });

  it('refuses hosts that resolve to loopback, private or link-local addresses', async () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.10',
      '172.16.5.4',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
      '0.0.0.0',
    ]) {
      const fetch = fakeFetch({ [PROFILE_URL]: () => json({ id: PROFILE_URL }) });
      await rejectsWith(resolverWith(fetch, {}, ip).resolve(PROFILE_URL), 'remote-host-refused');
      assert.deepEqual(fetch.urls, [], ip);
    }
  });

  it('refuses IP-literal hosts in private ranges without a DNS lookup', async () => {
    const fetch = fakeFetch({});
    const { resolve, lookups } = resolverWith(fetch);
    await rejectsWith(resolve('https://127.0.0.1/profile'), 'remote-host-refused');
    await rejectsWith(resolve('https://[::1]/profile'), 'remote-host-refused');
    await rejectsWith(resolve('https://169.254.169.254/latest/meta-data'), 'remote-host-refused');
    assert.deepEqual(lookups, []);
  });

  it('allows http and private addresses only in test mode', async () => {
    const fetch = fakeFetch({ 'http://127.0.0.1:8080/p': () => json({ id: 'http://127.0.0.1:8080/p' }) });
    const { resolve } = resolverWith(fetch, { allowPrivateNetworks: true }, '127.0.0.1');
    assert.deepEqual(await resolve('http://127.0.0.1:8080/p'), { id: 'http://127.0.0.1:8080/p' });
  });

  it('refuses oversized responses, by content-length and by streamed size', async () => {
    const big = 'x'.repeat(5000);
    const declared = fakeFetch({ [PROFILE_URL]: () => response(200, '{}', { 'content-length': '999999' }) });
    await rejectsWith(resolverWith(declared).resolve(PROFILE_URL), 'remote-too-large');
    const streamed = fakeFetch({
      [PROFILE_URL]: () => response(200, JSON.stringify({ id: PROFILE_URL, big })),
    });
    await rejectsWith(resolverWith(streamed).resolve(PROFILE_URL), 'remote-too-large');
  });

  it('gives up on slow responses, even when the fetch ignores the abort signal', async () => {
    const slow = fakeFetch({ [PROFILE_URL]: () => new Promise<RemoteResponse>(() => undefined) });
    const started = Date.now();
    await rejectsWith(resolverWith(slow, { timeoutMs: 50 }).resolve(PROFILE_URL), 'remote-timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('follows a few redirects, re-checking every hop, and refuses too many', async () => {
    const hop = (to: string) => () => response(302, '', { location: to });
    const ok = fakeFetch({
      [PROFILE_URL]: hop('/moved'),
      'https://issuer.example/moved': () => json({ id: PROFILE_URL }),
    });
    assert.deepEqual(await resolverWith(ok).resolve(PROFILE_URL), { id: PROFILE_URL });
    const loop = fakeFetch({
      [PROFILE_URL]: hop('https://issuer.example/a'),
      'https://issuer.example/a': hop('https://issuer.example/b'),
      'https://issuer.example/b': hop('https://issuer.example/c'),
      'https://issuer.example/c': () => json({}),
    });
    await rejectsWith(resolverWith(loop).resolve(PROFILE_URL), 'remote-too-many-redirects');
    const downgrade = fakeFetch({ [PROFILE_URL]: hop('http://issuer.example/p') });
    await rejectsWith(resolverWith(downgrade).resolve(PROFILE_URL), 'remote-url-refused');
  });

  it('reports HTTP errors and non-JSON bodies with their own codes', async () => {
    await rejectsWith(resolverWith(fakeFetch({})).resolve(PROFILE_URL), 'remote-http-error');
    const html = fakeFetch({ [PROFILE_URL]: () => response(200, '<html></html>') });
    await rejectsWith(resolverWith(html).resolve(PROFILE_URL), 'remote-invalid-json');
  });
});

describe('core/verify/remote-resolver — bounds', () => {
  const docUrl = (i: number) => `https://issuer-${i}.example/profile`;
  /** a fake fetch serving a distinct JSON document of about `bytes` bytes at every docUrl */
  function documents(bytes: number): RemoteFetch & { urls: string[] } {
    const urls: string[] = [];
    const fetch: RemoteFetch = async (url) => {
      urls.push(url);
      return json({ id: url, filler: `${url}:`.padEnd(bytes, 'x') });
    };
    return Object.assign(fetch, { urls });
  }
  const lookup = async () => [{ address: PUBLIC_IP, family: 4 }];

  it('counts every request against the budget, redirect hops included; past it nothing is fetched', async () => {
    const hop = (to: string) => () => response(302, '', { location: to });
    const fetch = fakeFetch({
      [docUrl(1)]: hop('https://issuer-1.example/moved'),
      'https://issuer-1.example/moved': () => json({ id: docUrl(1) }),
      [docUrl(2)]: () => json({ id: docUrl(2) }),
      [docUrl(3)]: () => json({ id: docUrl(3) }),
    });
    const resolve = createRemoteResolver({ fetch, lookup, now: () => 1 });
    const budget = createFetchBudget(3);
    await resolve(docUrl(1), budget);
    assert.equal(budget.used, 2);
    await resolve(docUrl(2), budget);
    assert.equal(budget.used, 3);
    await rejectsWith(resolve(docUrl(3), budget), 'remote-fetch-budget-exhausted');
    await rejectsWith(resolve(docUrl(3), budget), 'remote-fetch-budget-exhausted');
    assert.equal(budget.used, 3);
    assert.deepEqual(fetch.urls, [docUrl(1), 'https://issuer-1.example/moved', docUrl(2)]);
    // a cached document costs nothing; another verification has a budget of its own
    assert.deepEqual(await resolve(docUrl(1), budget), { id: docUrl(1) });
    assert.deepEqual(await resolve(docUrl(3), createFetchBudget(3)), { id: docUrl(3) });
    assert.equal(fetch.urls.length, 4);
    assert.equal(MAX_REMOTE_FETCHES, 8);
  });

  it('a redirect past the budget is not followed', async () => {
    const fetch = fakeFetch({
      [docUrl(1)]: () => response(302, '', { location: docUrl(2) }),
      [docUrl(2)]: () => json({ id: docUrl(1) }),
    });
    const resolve = createRemoteResolver({ fetch, lookup, now: () => 1 });
    await rejectsWith(resolve(docUrl(1), createFetchBudget(1)), 'remote-fetch-budget-exhausted');
    assert.deepEqual(fetch.urls, [docUrl(1)]);
  });

  it('concurrent requests for one URL share one fetch and one unit of budget', async () => {
    const fetch = documents(100);
    const resolve = createRemoteResolver({ fetch, lookup, now: () => 1 });
    const budget = createFetchBudget(2);
    const answers = await Promise.all(Array.from({ length: 10 }, () => resolve(docUrl(1), budget)));
    assert.ok(answers.every((a) => a?.id === docUrl(1)));
    assert.deepEqual([fetch.urls.length, budget.used], [1, 1]);
  });

  it('the cache keeps at most maxEntries documents and maxBytes bytes, drops the least recently used first, and expires after the TTL', async () => {
    let clock = Date.parse('2025-06-01T12:00:00Z');
    const now = () => clock;
    const cache = createRemoteCache({ maxEntries: 5, maxBytes: 5000, ttlMs: 1000 }, now);
    const fetch = documents(900);
    const resolve = createRemoteResolver({ fetch, lookup, now, cache });
    const get = (i: number) => resolve(docUrl(i), createFetchBudget());
    for (let i = 0; i < 5; i += 1) await get(i);
    assert.equal(cache.size, 5);
    await get(0); // 0 is now the most recently used
    await get(5);
    assert.equal(cache.size, 5);
    assert.ok(cache.has(docUrl(0)) && !cache.has(docUrl(1)), 'the least recently used went first');
    assert.equal(fetch.urls.length, 6);
    // by size: 2,000-byte documents, 5,000 bytes in all → at most 2 of them
    const big = createRemoteCache({ maxEntries: 100, maxBytes: 5000, ttlMs: 1000 }, now);
    const resolveBig = createRemoteResolver({ fetch: documents(2000), lookup, now, cache: big });
    for (let i = 0; i < 10; i += 1) await resolveBig(docUrl(i), createFetchBudget());
    assert.equal(big.size, 2);
    assert.ok(big.calculatedSize <= 5000, String(big.calculatedSize));
    clock += 1001;
    assert.equal(cache.get(docUrl(0)), undefined, 'expired');
    await get(0);
    assert.equal(fetch.urls.length, 7, 'an expired document is fetched again');
    assert.deepEqual(REMOTE_CACHE_LIMITS, { maxEntries: 256, maxBytes: 8 * 1024 * 1024, ttlMs: 300000 });
  });

  it('memory stays bounded across 4 rounds of 300 distinct 250 kB documents (default limits)', async function () {
    this.timeout(120000);
    const gc = exposeGc();
    const cache = createRemoteCache({}, () => 1);
    const resolve = createRemoteResolver({
      fetch: documents(250 * 1000),
      lookup,
      now: () => 1,
      maxBytes: 256 * 1024,
      cache,
    });
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const startHeap = heap();
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < 300; i += 1) {
        await resolve(docUrl(round * 300 + i), createFetchBudget());
        if (i % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      assert.ok(cache.size <= REMOTE_CACHE_LIMITS.maxEntries, `round ${round}: ${cache.size} entries`);
      assert.ok(
        cache.calculatedSize <= REMOTE_CACHE_LIMITS.maxBytes,
        `round ${round}: ${cache.calculatedSize} bytes`,
      );
    }
    const MB = 1024 * 1024;
    const heapGrowth = heap() - startHeap;
    // 1,200 documents of 250 kB are 300 MB; the cache may hold 8 MB of them (parsed, a few times that)
    assert.ok(heapGrowth < 64 * MB, `heap grew by ${Math.round(heapGrowth / MB)} MB`);
    assert.ok(peakRss - startRss < 200 * MB, `RSS grew by ${Math.round((peakRss - startRss) / MB)} MB`);
  });
});

/** The V8 collector, so heap figures are measured after garbage is gone (mocha runs without --expose-gc). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('core/verify/ip-ranges', () => {
  it('tells public unicast addresses from special ones', () => {
    for (const ip of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])
      assert.equal(isPublicAddress(ip), true, ip);
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '192.168.0.1',
      '169.254.1.1',
      '::1',
      '::',
      'fc00::1',
      'ff02::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      'not-an-ip',
    ]) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
  });
});

describe('core/verify/combineControllerResolvers', () => {
  it('answers did:key locally, then asks the resolvers in order, and rethrows only when none answered', async () => {
    const asked: string[] = [];
    const store = async (id: string) => {
      asked.push(`store:${id}`);
      return id === PROFILE_URL ? { id } : undefined;
    };
    const remote = async (id: string) => {
      asked.push(`remote:${id}`);
      throw new RemoteFetchError('remote-url-refused', id, 'remote fetching is off');
    };
    const resolve = combineControllerResolvers(store, remote);
    const did = 'did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    assert.equal((await resolve(did))?.id, did);
    assert.deepEqual(await resolve(PROFILE_URL), { id: PROFILE_URL });
    await assert.rejects(resolve('https://elsewhere.example/p'), RemoteFetchError);
    assert.deepEqual(asked, [
      `store:${PROFILE_URL}`,
      'store:https://elsewhere.example/p',
      'remote:https://elsewhere.example/p',
    ]);
  });
});
