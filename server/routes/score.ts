// Scoring: a native submission (the engine's result JSON), and a QPP submission (QPP's score shape).
import type { Request } from 'express';
import { scoreQpp } from '../../engine/qpp/score.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { resultJson } from '../../engine/score/result-json.js';
import { score } from '../../engine/score/score.js';
import type { PackSet } from '../../engine/pack/load.js';
import { jsonBody } from '../body.js';
import type { AppContext } from '../context.js';
import { fromScoreError, problem } from '../problem.js';
import type { ParamSpec, RouteSpec } from '../route-spec.js';
import { packOf, problemResponses, requireYear, sendJson, YEAR_PARAM } from './common.js';

const EXPLAIN: ParamSpec = {
  description: 'false leaves out the rule explanations (rules: []); default true.',
  schema: { enum: ['true', 'false'] },
};

const SCORE_PROBLEMS = problemResponses('invalid-json', 'invalid-submission', 'invalid-request', 'unknown-year', 'payload-too-large', 'unsupported-media-type', 'unattestable-activity', 'unknown-mvp', 'rejected');

/** Runs engine scoring; its ScoreError becomes the problem (400, 404, 422). */
async function scoring<T>(packs: PackSet, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ScoreError) throw fromScoreError(e, [...packs.keys()]);
    throw e;
  }
}

function explainOf(req: Request): boolean {
  return req.query.explain !== 'false';
}

/** The body with the path's year: absent in the body, it is filled in; different, a 400. */
function withPathYear(ctx: AppContext, req: Request): unknown {
  const pack = packOf(ctx.store.packs, String(req.params.year));
  const body = req.body as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body; // the schema check says what is wrong
  const given = (body as { performanceYear?: unknown }).performanceYear;
  if (given === undefined) return { ...(body as object), performanceYear: pack.year };
  if (Number.isInteger(given) && given !== pack.year) {
    throw problem('invalid-request', `the body's performanceYear ${String(given)} differs from the path's ${pack.year}; leave it out or make them equal`, {
      errors: [{ path: 'performanceYear', code: 'YEAR_MISMATCH', message: `must be ${pack.year}, the year of the path, or absent` }],
    });
  }
  return body;
}

export const scoreRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/score',
    operationId: 'score',
    summary: 'Score a native submission (the year from the body)',
    tag: 'Scoring',
    query: { explain: EXPLAIN },
    requestBody: { content: { 'application/json': 'Submission' } },
    responses: { 200: { description: 'The score and why', content: { 'application/json': 'Result' } }, ...SCORE_PROBLEMS },
    handlers: (ctx) => [jsonBody(ctx.config.bodyLimit, ctx.admit), async (req, res) => {
      const packs = ctx.store.packs;
      const result = await scoring(packs, () => score(packs, req.body, { explain: explainOf(req) }));
      sendJson(res, result, resultJson(result));
    }],
  },
  {
    method: 'post',
    path: '/v1/years/:year/score',
    operationId: 'scoreYear',
    summary: "Score a native submission for the path's year",
    description: "The path's year wins: a body without performanceYear takes it; a body with another year is a 400.",
    tag: 'Scoring',
    pathParams: { year: YEAR_PARAM },
    query: { explain: EXPLAIN },
    requestBody: { content: { 'application/json': 'Submission' } },
    responses: { 200: { description: 'The score and why', content: { 'application/json': 'Result' } }, ...SCORE_PROBLEMS },
    handlers: (ctx) => [requireYear(ctx), jsonBody(ctx.config.bodyLimit, ctx.admit), async (req, res) => {
      const packs = ctx.store.packs;
      const body = withPathYear(ctx, req);
      const result = await scoring(packs, () => score(packs, body, { explain: explainOf(req) }));
      sendJson(res, result, resultJson(result));
    }],
  },
  {
    method: 'post',
    path: '/v1/qpp/score-preview',
    operationId: 'qppScorePreview',
    summary: 'Score a QPP Submissions API submission; answer in the QPP score shape',
    description: 'Measurement sets of category ia are scored (value true attests an activity, false does not); other categories are ignored with a warning. '
      + 'programName mips is traditional MIPS, app1 and appPlus the APM Performance Pathway, an MVP ID that MVP. '
      + 'The optional context gives what QPP knows from its own records (special statuses, PCMH, APM, clinicians, other categories, MVP). '
      + 'Errors name QPP paths (measurementSets[0].measurements[2].measureId).',
    tag: 'Scoring',
    requestBody: { content: { 'application/json': 'QppSubmission' } },
    responses: { 200: { description: 'The IA score in the QPP score shape', content: { 'application/json': 'QppScore' } }, ...SCORE_PROBLEMS },
    handlers: (ctx) => [jsonBody(ctx.config.bodyLimit, ctx.admit), async (req, res) => {
      const packs = ctx.store.packs;
      const { body } = await scoring(packs, () => scoreQpp(packs, req.body));
      sendJson(res, body);
    }],
  },
];
