import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '../actor.js';
import { AppError } from '../errors.js';

/** Resolves a bearer token to who holds it; undefined for an unknown token. */
export type Authenticate = (token: string) => Promise<Principal | undefined>;

/** `any`: the admin token or an issuer key (the service decides what each may see). */
export type AuthRequirement = 'public' | 'admin' | 'issuer' | 'any';

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const challenge = { 'WWW-Authenticate': 'Bearer realm="tilts"' };

/**
 * 401 for a missing or unknown token; 403 for a valid token of the wrong kind (an issuer key on an
 * admin route, the admin token on an issuer-scoped route). The principal goes to res.locals.principal.
 */
export function requireAuth(
  requirement: Exclude<AuthRequirement, 'public'>,
  authenticate: Authenticate,
): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req);
    if (!token) throw new AppError('unauthorized', 'A bearer token is required', [], challenge);
    const principal = await authenticate(token);
    if (!principal) throw new AppError('unauthorized', 'The bearer token is not valid', [], challenge);
    if (requirement !== 'any' && principal.kind !== requirement) {
      const need = requirement === 'admin' ? 'the platform admin token' : 'an issuer API key';
      throw new AppError('forbidden', `This route requires ${need}`);
    }
    res.locals.principal = principal;
    next();
  };
}

/** The issuer a request is scoped to (set by requireAuth('issuer')). */
export function issuerIdOf(res: Response): string {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.kind !== 'issuer') throw new AppError('forbidden', 'This route requires an issuer API key');
  return principal.issuerId;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new AppError('unauthorized', 'A bearer token is required');
  return principal;
}
