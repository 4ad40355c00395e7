import { resolveDidKey } from '../did/did-key.js';
import type { ControllerResolver } from './types.js';

/**
 * One controller resolver from several, tried in order (Ed25519 did:key first, computed locally);
 * the first defined answer wins, and an error is thrown only if no resolver answered.
 * Typical order: did:key, our own issuers from the store, then — when remote fetching is on — the
 * remote resolver.
 */
export function combineControllerResolvers(...resolvers: ControllerResolver[]): ControllerResolver {
  return async (id) => {
    const local = resolveDidKey(id);
    if (local && !id.includes('#')) return local;
    let failure: unknown;
    for (const resolve of resolvers) {
      try {
        const document = await resolve(id);
        if (document) return document;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return undefined;
  };
}
