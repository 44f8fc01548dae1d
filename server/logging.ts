// Structured JSON logs (pino): one line per request, with the request id that the response
// echoes in X-Request-Id. A sane incoming X-Request-Id is kept, so a caller's id follows the
// request; anything else is replaced by a fresh UUID. The request line is one plain pino call
// when the response closes: pino-http's per-request child logger and serializers cost a fifth
// of the CPU time of a scoring request (measured side by side against this, README Performance).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { RequestObserver } from './observe.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id), set first thing by requestLogger. */
    id?: string;
  }
  interface ServerResponse {
    /** An unexpected error the problem handler answered: logged with the request line. */
    err?: Error;
  }
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'mips-ia-rules' } }, destination);
}

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

function clip(s: string | undefined, n: number): string | undefined {
  return s !== undefined && s.length > n ? `${s.slice(0, n)}…` : s;
}

/** The request id first thing, and one log line when the response closes. */
export function requestLog(logger: Logger, routeOf: (req: Request) => string): RequestObserver {
  return {
    begin(req, res) {
      req.id = requestId(req, res);
    },
    end(req, res, ms) {
      const aborted = !res.writableFinished;
      const err = res.err ?? (aborted ? new Error('request aborted') : undefined);
      const level: Level = err && !aborted ? 'error' : res.statusCode >= 500 ? 'error' : res.statusCode >= 400 || aborted ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const route = routeOf(req);
      logger[level]({
        reqId: req.id,
        route,
        req: { method: req.method, url: clip(req.originalUrl, 300), remoteAddress: req.socket.remoteAddress, userAgent: clip(req.headers['user-agent'], 200) },
        res: { statusCode: res.statusCode, contentLength: res.getHeader('content-length') },
        responseTime: Math.round(ms),
        ...(err ? { err } : {}),
      }, `${req.method} ${route} ${aborted ? 'aborted' : res.statusCode}`);
    },
  };
}
