// Every error answer as RFC 9457 problem details (application/problem+json): the statuses come
// from http-errors, the body from here. Nothing of an unexpected error reaches the client but
// its request id: no message, no stack.
import type { ErrorRequestHandler, Request, Response } from 'express';
import createError, { isHttpError, type HttpError } from 'http-errors';
import { ScoreError, type InputProblem } from '../engine/score/score-error.js';
import { UseCaseError } from '../engine/usecases/use-case-error.js';
import { formatBytes } from './config.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_BASE = 'https://mips-ia-rules.dev/problems/';

/** The kinds of problem: each a type URI (PROBLEM_BASE + kind), a status and a fixed title. */
export const PROBLEMS = {
  'invalid-json': { status: 400, title: 'The body is not valid JSON' },
  'invalid-submission': { status: 400, title: 'The submission does not match its schema' },
  'invalid-request': { status: 400, title: 'The request is invalid' },
  'invalid-xml': { status: 400, title: 'The body is not acceptable XML' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  'unknown-year': { status: 404, title: 'No pack for this performance year' },
  'unknown-activity': { status: 404, title: 'No such activity' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'reload-unavailable': { status: 409, title: 'The packs cannot be reloaded' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'invalid-pack': { status: 422, title: 'The pack is invalid' },
  'unattestable-activity': { status: 422, title: 'Activities not attestable in this year' },
  'unknown-mvp': { status: 422, title: 'No such MVP in this year' },
  'invalid-qrda': { status: 422, title: 'The QRDA III document cannot be converted' },
  rejected: { status: 422, title: 'The rules of the year refuse this submission' },
  'reload-rejected': { status: 422, title: 'The new packs are invalid; the previous ones keep serving' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  overloaded: { status: 503, title: 'The service is busy' },
  'not-ready': { status: 503, title: 'The service is not ready' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEMS;

export interface ProblemItem extends InputProblem {
  file?: string;
  line?: number;
  col?: number;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemItem[];
  errorCount?: number;
  years?: number[];
  allow?: string[];
}

export interface ProblemExtras {
  errors?: ProblemItem[];
  /** When errors lists only the first of them: how many there are. */
  errorCount?: number;
  years?: number[];
  allow?: string[];
  /** Response headers: Allow, Retry-After, WWW-Authenticate. */
  headers?: Record<string, string>;
}

/** An http-errors error carrying its problem kind; throw it or pass it to next(). */
export function problem(kind: ProblemKind, detail: string, extras: ProblemExtras = {}): HttpError {
  const { status } = PROBLEMS[kind];
  return createError(status, detail, { expose: true, problemKind: kind, ...extras });
}

/** One of our problems as plain data, to cross to another thread; problem(kind, detail, extras) makes it again. */
export interface ProblemData {
  kind: ProblemKind;
  detail: string;
  extras: ProblemExtras;
}

export function problemData(e: unknown): ProblemData | undefined {
  if (e instanceof UseCaseError) e = fromUseCaseError(e);
  const kind = isHttpError(e) ? (e as HttpError & { problemKind?: ProblemKind }).problemKind : undefined;
  if (!kind) return undefined;
  const { errors, errorCount, years, allow, headers } = e as HttpError & ProblemExtras;
  return { kind, detail: (e as HttpError).message, extras: { errors, errorCount, years, allow, headers } };
}

const SCORE_KINDS: Record<ScoreError['code'], ProblemKind> = {
  INVALID_SUBMISSION: 'invalid-submission',
  UNKNOWN_YEAR: 'unknown-year',
  UNKNOWN_ACTIVITY: 'unattestable-activity',
  UNKNOWN_MVP: 'unknown-mvp',
  REJECTED: 'rejected',
};

/** A use case's refusal as the problem of the same kind. */
export function fromUseCaseError(e: UseCaseError): HttpError {
  const { years, errors, errorCount, field, code } = e.details;
  const items = errors?.map(({ file, line, col, code, path, message }) => ({ path, code, message, file, line, col }))
    ?? (field !== undefined ? [{ path: field, code: code ?? 'REQUEST_VALUE', message: e.message }] : undefined);
  return problem(e.kind, e.message, { ...(years ? { years } : {}), ...(items ? { errors: items } : {}), ...(errorCount !== undefined ? { errorCount } : {}) });
}

/** The engine's ScoreError as a problem: 400 shape, 404 year, 422 activities, MVP or rules. */
export function fromScoreError(e: ScoreError, years: readonly number[]): HttpError {
  return problem(SCORE_KINDS[e.code], e.message, { errors: e.errors, ...(e.code === 'UNKNOWN_YEAR' ? { years: [...years] } : {}) });
}

/** body-parser's error types (it throws http-errors): what each means for the client. */
function fromBodyParser(err: HttpError & { type?: string; limit?: number }): HttpError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return problem('payload-too-large', `the body is larger than the limit of ${formatBytes(err.limit ?? 0)}`);
    case 'encoding.unsupported':
      return problem('unsupported-media-type', `${err.message}; send the body uncompressed or as gzip, deflate or br`);
    case 'charset.unsupported':
      return problem('unsupported-media-type', `${err.message}; send UTF-8`);
    case 'request.aborted':
    case 'request.size.invalid':
      return problem('invalid-request', err.message);
    default:
      return undefined;
  }
}

/** Status, headers and body of the problem for any error. */
export function describeError(err: unknown, req: Request): { status: number; headers: Record<string, string>; body: ProblemBody; unexpected: boolean } {
  let e: HttpError | undefined;
  if (err instanceof ScoreError) e = fromScoreError(err, []);
  else if (err instanceof UseCaseError) e = fromUseCaseError(err);
  else if (isHttpError(err)) e = fromBodyParser(err) ?? err;
  else if (isClientError(err)) e = createError(err.status, err.message); // e.g. the router's URIError for a bad %-encoding
  const ownKind = (e as (HttpError & { problemKind?: ProblemKind }) | undefined)?.problemKind;
  // Our own problems carry their kind (503 included); a library's error counts when it is a client error.
  const unexpected = e === undefined || (ownKind === undefined && (e.status >= 500 || !e.expose));
  const kind: ProblemKind = unexpected ? 'internal' : (ownKind ?? kindOfStatus(e!.status));
  const status = unexpected ? 500 : e!.status;
  const extras = (e ?? {}) as ProblemExtras;
  const body: ProblemBody = {
    type: `${PROBLEM_BASE}${kind}`,
    title: PROBLEMS[kind].title,
    status,
    detail: unexpected ? 'an unexpected error; the request id names it in the service log' : e!.message,
    instance: truncate(req.originalUrl.split('?')[0], 200),
    ...(req.id !== undefined ? { requestId: String(req.id) } : {}),
    ...(extras.errors ? { errors: extras.errors } : {}),
    ...(extras.errorCount !== undefined ? { errorCount: extras.errorCount } : {}),
    ...(extras.years ? { years: extras.years } : {}),
    ...(extras.allow ? { allow: extras.allow } : {}),
  };
  return { status, headers: unexpected ? {} : (extras.headers ?? {}), body, unexpected };
}

function isClientError(err: unknown): err is Error & { status: number } {
  const status = (err as { status?: unknown } | null)?.status;
  return err instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

/** An http-errors error thrown by a library (the router: a bad %-encoding, 400) without our kind. */
const KIND_OF_STATUS: Record<number, ProblemKind> = {
  401: 'unauthorized',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

function kindOfStatus(status: number): ProblemKind {
  return KIND_OF_STATUS[status] ?? 'invalid-request';
}

export function sendProblem(res: Response, status: number, headers: Record<string, string>, body: ProblemBody): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.send(JSON.stringify(body));
}

/** The last middleware: every error as a problem; unexpected ones logged with their stack, answered without. */
export const problemHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const { status, headers, body, unexpected } = describeError(err, req);
  if (unexpected) {
    // The request log line carries res.err; the client sees only the request id.
    res.err = err instanceof Error ? err : new Error(String(err));
  }
  sendProblem(res, status, headers, body);
};

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
