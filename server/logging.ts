// Structured JSON logs (pino): one line per request (pino-http), with the request id that the
// response echoes in X-Request-Id. A sane incoming X-Request-Id is kept, so a caller's id
// follows the request; anything else is replaced by a fresh UUID.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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

export function requestLogger(logger: Logger, routeOf: (req: Request) => string): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req as Request)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req as Request)} ${res.statusCode}`,
    customProps: (req) => ({ route: routeOf(req as Request) }),
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers?: Record<string, string> }) => ({
        id: req.id,
        method: req.method,
        url: req.url.length > 300 ? `${req.url.slice(0, 300)}…` : req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers?.['user-agent']?.slice(0, 200),
      }),
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        contentLength: res.headers?.['content-length'],
      }),
    },
  }) as unknown as RequestHandler;
}
