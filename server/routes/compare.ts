// Comparing years: what changed between two packs (GET /v1/diff), and one submission under
// several years with the cause of each change (POST /v1/compare).
import { packOfYear } from '../../engine/usecases/year.js';
import type { RequestHandler } from 'express';
import { compare } from '../../engine/compare/compare.js';
import { diff } from '../../engine/diff/diff.js';
import { formatDiffMarkdown } from '../../engine/diff/format.js';
import { compileInputCheck } from '../../engine/pack/schema.js';
import type { PackSet } from '../../engine/pack/load.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { jsonBody } from '../body.js';
import { fromScoreError, problem } from '../problem.js';
import type { ParamSpec, RouteSpec } from '../route-spec.js';
import { problemResponses, sendJson } from './common.js';

const YEAR_QUERY = (what: string): ParamSpec => ({
  description: `${what}; one of GET /v1/years. Required.`,
  schema: { type: 'string', pattern: '^[0-9]{1,6}$' },
});

const checkRequest = compileInputCheck('compare-request.schema.json', 'REQUEST');

/** 400 unless the body matches schemas/compare-request.schema.json. */
const checkCompareRequest: RequestHandler = (req, _res, next) => {
  const failure = checkRequest(req.body);
  if (!failure) return next();
  const { errors, summary } = failure;
  next(problem('invalid-request', `the body does not match schemas/compare-request.schema.json: { submission, years? } (${summary})`, { errors }));
};

export interface CompareInput {
  submission: Record<string, unknown>;
  years?: number[];
}

/** The comparison as JSON text: the worker thread's task. */
export async function compareJson(packs: PackSet, { submission, years }: CompareInput): Promise<string> {
  try {
    return JSON.stringify(await compare(packs, submission, years));
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    // The submission's problems are named from the body's root: submission.activities[0].id.
    const where = e.code === 'UNKNOWN_YEAR' ? e : new ScoreError(e.code, e.message, e.errors.map((p) => ({ ...p, path: p.path ? `submission.${p.path}` : 'submission' })));
    throw fromScoreError(where, [...packs.keys()]);
  }
}

export const comparisonRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/diff',
    operationId: 'diffYears',
    summary: 'What changed between two performance years: activities, suspensions, parameters, rules, MVPs, subcategories',
    description: 'The two materialized packs are compared directly, so the years need not be adjacent (e.g. the first year and the last), nor in order. '
      + 'A renumbered activity (renumberedFrom) is one entry of activities.renumbered, not a removal and an addition; program-list-only changes are listed apart (programsChanged); each count is the length of its list. Parameters and rules carry both sides and both references. '
      + 'format=markdown answers the changelog mips-ia diff --markdown prints.',
    tag: 'Comparing years',
    query: {
      from: YEAR_QUERY('The year compared from'),
      to: YEAR_QUERY('The year compared to'),
      format: { description: 'json (default) or markdown (a changelog for a memo, text/markdown).', schema: { enum: ['json', 'markdown'] } },
    },
    responses: {
      200: { description: 'The changes', content: { 'application/json': 'PackDiff', 'text/markdown': { type: 'string' } } },
      ...problemResponses('invalid-request', 'unknown-year'),
    },
    handlers: (ctx) => [(req, res) => {
      const packs = ctx.store.packs;
      const missing = (['from', 'to'] as const).filter((k) => req.query[k] === undefined);
      if (missing.length > 0) {
        throw problem('invalid-request', `query parameter${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} required, e.g. /v1/diff?from=<year>&to=<year>`, {
          errors: missing.map((k) => ({ path: `query.${k}`, code: 'QUERY_REQUIRED', message: 'required: a performance year' })),
        });
      }
      const from = packOfYear(packs, String(req.query.from));
      const to = packOfYear(packs, String(req.query.to));
      const d = diff(packs, from.year, to.year);
      if (req.query.format === 'markdown') {
        res.type('text/markdown; charset=utf-8').send(formatDiffMarkdown(d));
        return;
      }
      res.json(d);
    }],
  },
  {
    method: 'post',
    path: '/v1/compare',
    operationId: 'compareYears',
    summary: 'One submission scored under several years, with the cause of each change from the year before',
    description: 'The submission is scored under each year (default: every year) with its performanceYear replaced and its activity dates moved along. '
      + 'Activities a year does not have are left out of that year and listed (leftOut), not an error; a year whose rules refuse the submission is a row with status rejected. '
      + 'Each row after the first lists the causes of its change: an activity (weight, availability, its own rule), a rule that started or stopped applying, or a parameter, with both references.',
    tag: 'Comparing years',
    requestBody: { content: { 'application/json': 'CompareRequest' } },
    responses: {
      200: { description: 'A row per year', content: { 'application/json': 'Comparison' } },
      ...problemResponses('invalid-json', 'invalid-request', 'invalid-submission', 'unknown-year', 'payload-too-large', 'unsupported-media-type', 'overloaded'),
    },
    handlers: (ctx) => [jsonBody(ctx.config.bodyLimit, ctx.admit), checkCompareRequest, async (req, res) => {
      sendJson(res, undefined, await ctx.work.run(ctx.store.packs, 'compare', req.body as CompareInput, res));
    }],
  },
];
