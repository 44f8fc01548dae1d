// Middleware run one after another as one handler: express's dispatch of each router layer
// costs about as much as a small middleware's own work, on every request.
import type { RequestHandler } from 'express';

/**
 * The handlers in order, as one. An error passed on, thrown, or rejected by an async handler
 * skips the rest and goes to express, as it would from a layer of its own.
 */
export function inSequence(...steps: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const handler = steps[i++];
      if (!handler) return next();
      try {
        const done: unknown = handler(req, res, step);
        if (done instanceof Promise) done.catch((e: unknown) => next(e ?? new Error('a handler rejected without a reason')));
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
