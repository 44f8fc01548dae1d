// Pieces the routes share: the year and activity path parameters, and problem responses for the document.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { packOfYear } from '../../engine/usecases/year.js';
import type { AppContext } from '../context.js';
import { PROBLEMS, type ProblemKind } from '../problem.js';
import type { ParamSpec, ResponseSpec } from '../route-spec.js';

export const YEAR_PARAM: ParamSpec = {
  description: 'The performance year; one of GET /v1/years.',
  schema: { type: 'integer' },
};

export const ACTIVITY_ID_PARAM: ParamSpec = {
  description: 'An activity ID, e.g. IA_EPA_1.',
  schema: { type: 'string', pattern: '^IA_[A-Z]+(_[0-9]+)?$', maxLength: 40 },
};

export const ACTIVITY_ID = /^IA_[A-Z]+(_[0-9]+)?$/;


/** 404 before reading a body when the path's year has no pack. */
export function requireYear(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    packOfYear(ctx.store.packs, String(req.params.year));
    next();
  };
}

/** Problem responses for the document, by kind. */
export function problemResponses(...kinds: ProblemKind[]): Record<string, ResponseSpec> {
  const out: Record<string, ResponseSpec> = {};
  for (const kind of kinds) {
    const { status, title } = PROBLEMS[kind];
    const previous = out[status]?.description;
    out[status] = {
      description: previous ? `${previous}; or: ${title}` : title,
      content: { 'application/problem+json': 'Problem' },
    };
  }
  return out;
}

/**
 * A POST's JSON answer. Never cached, so without the ETag that res.json hashes from the body
 * (a scoring answer's largest single cost after serializing it).
 */
export function sendJson(res: Response, value: unknown, json: string = JSON.stringify(value)): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(json);
}

/** Whether the request carries Authorization: Bearer <token>. */
export function tokenMatches(req: Request, token: string): boolean {
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  // Equal-length digests: the comparison takes the same time whatever the guess.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
