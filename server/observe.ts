// Whatever watches every request (the log line, the metrics) shares one middleware and one
// 'close' listener: each listener and router layer is a measurable part of a scoring request.
import type { Request, RequestHandler, Response } from 'express';

export interface RequestObserver {
  /** As the request arrives, before any route. */
  begin?(req: Request, res: Response): void;
  /** When the response closes: after 'finish', or alone when the client went away first. */
  end(req: Request, res: Response, ms: number): void;
}

export function observeRequests(...observers: RequestObserver[]): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    for (const o of observers) o.begin?.(req, res);
    res.once('close', () => {
      const ms = performance.now() - start;
      for (const o of observers) o.end(req, res, ms);
    });
    next();
  };
}
