import type { Request, Response } from 'express';
import { principalOf, issuerIdOf } from './auth.js';
import type { Actor } from '../actor.js';

/** A path parameter (express 5 types them as string | string[]). */
export const param = (req: Request, name: string): string => String(req.params[name]);

export const requestIdOf = (res: Response): string | undefined => res.locals.requestId as string | undefined;

/** The acting issuer of an issuer-key request. */
export const actorOf = (res: Response): Actor => ({
  principal: principalOf(res),
  issuerId: issuerIdOf(res),
  requestId: requestIdOf(res),
});

/** Who calls, for audit: the principal and the request id. */
export const callerOf = (res: Response) => ({ principal: principalOf(res), requestId: requestIdOf(res) });

export const query = (req: Request): Record<string, unknown> => req.query as Record<string, unknown>;
