// Load limits: a cap on requests handled at once (503 beyond it) and an optional rate per
// client address (429), so a flood is answered rather than queued until the process falls over.
// Health, readiness and metrics are exempt: the orchestrator must see the service while it is busy.
// A request with a body is admitted once the body has arrived (server/body.ts): a slow upload
// holds its connection, not one of the slots.
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { problem } from './problem.js';

/** Admits a request to the slots, or answers 503; each slot is freed when its response closes. */
export function concurrencyLimit(max: number): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= max) {
      return next(problem('overloaded', `${max} requests are being handled; try again shortly`, { headers: { 'Retry-After': '1' } }));
    }
    inFlight++;
    // 'close' comes after 'finish', or alone when the client went away first.
    res.once('close', () => inFlight--);
    next();
  };
}

export function rateLimitPerMinute(limit: number, exempt: (req: Request) => boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: exempt,
    handler: (_req, res, next) => {
      const retryAfter = String(res.getHeader('Retry-After') ?? 60);
      next(problem('too-many-requests', `more than ${limit} requests a minute from this address; try again in ${retryAfter} s`, { headers: { 'Retry-After': retryAfter } }));
    },
  });
}
