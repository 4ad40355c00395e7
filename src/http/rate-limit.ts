import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

/**
 * Fixed-window request limit per client address (req.ip, so TRUST_PROXY decides which address that
 * is). Kept in process memory on purpose: a limit is a guard, not a uniqueness claim, so each instance
 * behind a load balancer enforcing its own share is acceptable.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return (req, res, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      for (const [key, w] of windows) if (t - w.start >= 60_000) windows.delete(key);
      lastSweep = t;
    }
    const key = req.ip ?? 'unknown';
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    const remaining = Math.max(0, perMinute - w.count);
    res.setHeader('RateLimit-Limit', String(perMinute));
    res.setHeader('RateLimit-Remaining', String(remaining));
    if (w.count > perMinute) {
      const retry = Math.ceil((w.start + 60_000 - t) / 1000);
      throw new AppError(
        'too-many-requests',
        `At most ${perMinute} verifications per minute from one address`,
        [],
        { 'Retry-After': String(retry) },
      );
    }
    next();
  };
}
