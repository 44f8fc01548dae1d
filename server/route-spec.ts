// A route is declared once, with what the OpenAPI document says about it: the app registers
// the handlers, openapi.ts writes the document, and the query schema validates the query.
import type { RequestHandler } from 'express';
import { compileStrict, describeMessage } from '../engine/pack/schema.js';
import { problem } from './problem.js';
import type { AppContext } from './context.js';

export type SchemaObject = Record<string, unknown>;

export interface ParamSpec {
  description: string;
  schema: SchemaObject;
  example?: unknown;
}

export interface ResponseSpec {
  description: string;
  /** Content type → schema: a component name (a file of schemas/) or an inline schema. */
  content?: Record<string, string | SchemaObject>;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
}

export interface RouteSpec {
  method: 'get' | 'post';
  /** Express path, e.g. /v1/years/:year. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  pathParams?: Record<string, ParamSpec>;
  query?: Record<string, ParamSpec>;
  requestBody?: { description?: string; content: Record<string, string | SchemaObject>; example?: unknown };
  security?: 'bearer';
  responses: Record<string, ResponseSpec>;
  /** Not under the concurrency and rate limits (health, readiness, metrics). */
  unlimited?: boolean;
  handlers: (ctx: AppContext) => RequestHandler[];
}

/** /v1/years/:year → /v1/years/{year} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A regular expression matching the request paths of a route pattern (for metric labels). */
export function pathPattern(path: string): RegExp {
  const source = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

/** Validates req.query against the route's query parameters: unknown, repeated or malformed → 400. */
export function checkQuery(query: Record<string, ParamSpec> | undefined): RequestHandler {
  const validate = compileStrict({
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(query ?? {}).map(([name, p]) => [name, p.schema])),
  }, { allErrors: false });
  const names = Object.keys(query ?? {});
  return (req, _res, next) => {
    // Most requests have no query string: nothing to parse or check.
    if (!req.url.includes('?') || validate(req.query)) return next();
    const e = validate.errors![0];
    const param = (e.params as { additionalProperty?: string }).additionalProperty ?? e.instancePath.slice(1).split('/')[0];
    const message = e.keyword === 'additionalProperties'
      ? (names.length ? `unknown query parameter; expected ${names.join(', ')}` : 'this endpoint takes no query parameters')
      : e.keyword === 'type' && e.params && (e.params as { type?: string }).type === 'string' ? 'must be given once, as a string' : describeMessage(e);
    next(problem('invalid-request', `query parameter ${String(param).slice(0, 64)}: ${message}`, {
      errors: [{ path: `query.${String(param).slice(0, 64)}`, code: `QUERY_${e.keyword.toUpperCase()}`, message }],
    }));
  };
}
