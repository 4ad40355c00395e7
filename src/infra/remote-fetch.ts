import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { LookupAddress } from 'node:dns';
import type { DnsLookup, RemoteFetch } from '../core/verify/index.js';

/** DNS answers for the remote resolver to vet (every address must be public). */
export const dnsLookup: DnsLookup = async (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * The verifier's only way out to the network. Connects to the address the resolver vetted (a pinned
 * lookup), so a host cannot pass the public-address check and then resolve to a private one (DNS
 * rebinding). Never follows redirects itself; the resolver decides, within its limits.
 */
export const pinnedFetch: RemoteFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const pinned = init.address;
    const req = request(
      target,
      {
        method: 'GET',
        headers: init.headers,
        signal: init.signal,
        ...(pinned
          ? {
              lookup: ((_host, options, done) => {
                const family = isIP(pinned);
                if (options.all)
                  (done as unknown as (e: null, a: LookupAddress[]) => void)(null, [
                    { address: pinned, family },
                  ]);
                else done(null, pinned, family);
              }) as LookupFunction,
            }
          : {}),
      },
      (res: IncomingMessage) =>
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name: string) => [res.headers[name.toLowerCase()]].flat()[0] ?? null },
          body: res,
        }),
    );
    req.on('error', reject);
    req.end();
  });
