// Scoring: a native submission (the engine's result JSON), and a QPP submission (QPP's score shape).
import { packOfYear } from '../../engine/usecases/year.js';
import type { Request, RequestHandler } from 'express';
import { scoreQpp } from '../../engine/qpp/score.js';
import type { Conversion } from '../../engine/qrda/convert.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { resultJson } from '../../engine/score/result-json.js';
import { score } from '../../engine/score/score.js';
import type { PackSet } from '../../engine/pack/load.js';
import { jsonBody, XML_TYPES, xmlBody } from '../body.js';
import { inSequence } from '../in-sequence.js';
import type { AppContext } from '../context.js';
import { fromScoreError, problem } from '../problem.js';
import type { ParamSpec, RouteSpec } from '../route-spec.js';
import { problemResponses, requireYear, sendJson, YEAR_PARAM } from './common.js';

const EXPLAIN: ParamSpec = {
  description: 'false leaves out the rule explanations (rules: []); default true.',
  schema: { enum: ['true', 'false'] },
};

const QPP_EXPLAIN: ParamSpec = {
  description: "true adds data.mipsIa: each scored ia set's native result with its rule explanations (as POST /v1/score answers it); default false, CMS's shape alone.",
  schema: { enum: ['true', 'false'] },
};

const SCORE_PROBLEMS = problemResponses('invalid-json', 'invalid-submission', 'invalid-request', 'unknown-year', 'payload-too-large', 'unsupported-media-type', 'unattestable-activity', 'unknown-mvp', 'rejected');
const QRDA_PROBLEMS = problemResponses('invalid-xml', 'invalid-qrda');

/** A QRDA III document converted on a worker thread (server/work/tasks.ts): res.locals.conversion. */
function qrdaBody(ctx: AppContext): RequestHandler {
  return inSequence(xmlBody(ctx.config.xmlBodyLimit, ctx.admit), async (req, res, next) => {
    res.locals.conversion = JSON.parse(await ctx.work.run(ctx.store.packs, 'convertQrda', { text: req.body as string }, res)) as Conversion;
    next();
  });
}

/** The QPP submission: a JSON body as sent, or a QRDA III document's conversion (its warnings in res.locals). */
function qppBody(ctx: AppContext): RequestHandler {
  const json = jsonBody(ctx.config.bodyLimit, ctx.admit);
  const xml = inSequence(qrdaBody(ctx), (req, res, next) => {
    req.body = (res.locals.conversion as Conversion).submission;
    next();
  });
  return (req, res, next) => (req.is(XML_TYPES) ? xml(req, res, next) : json(req, res, next));
}

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
  const pack = packOfYear(ctx.store.packs, String(req.params.year));
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
    description: 'The submission as CMS documents it (nulls in optional fields, or wrapped as { data: { submission } }). '
      + 'Measurement sets of category ia are scored (value true attests an activity, false does not) over their period (required, within the year; a measurement may give its own); '
      + 'other categories are ignored with a warning, and so are ia sets under pcf or cpcPlus (QPP ignores IA data there). '
      + 'programName mips is traditional MIPS, app1 and appPlus the APM Performance Pathway, an MVP ID that MVP. '
      + 'The optional context gives what QPP knows from its own records (special statuses, PCMH, APM, clinicians, other categories, MVP); the profiles file fills it by TIN and NPI. '
      + 'The answer is CMS\'s score shape ({ data: { score } }). Errors name QPP paths (measurementSets[0].measurements[2].measureId).',
    tag: 'Scoring',
    query: { explain: QPP_EXPLAIN },
    requestBody: { content: { 'application/json': 'QppSubmission', 'application/xml': { type: 'string', description: 'A QRDA Category III document; its IA section is scored as POST /v1/qpp/convert converts it.' } } },
    responses: { 200: { description: 'The IA score in the QPP score shape', content: { 'application/json': 'QppScore' } }, ...SCORE_PROBLEMS, ...QRDA_PROBLEMS },
    handlers: (ctx) => [qppBody(ctx), async (req, res) => {
      const packs = ctx.store.packs;
      const conversion = res.locals.conversion as Conversion | undefined;
      const { body } = await scoring(packs, () => scoreQpp(packs, req.body, {
        explain: req.query.explain === 'true',
        profile: ctx.profiles.profiles,
        warnings: conversion?.warnings,
      }));
      sendJson(res, body);
    }],
  },
  {
    method: 'post',
    path: '/v1/qpp/convert',
    operationId: 'qppConvert',
    summary: "A QRDA Category III document as the QPP submission JSON that CMS's conversion tool produces",
    description: 'The identity fields (per program name: MIPS_INDIV, MIPS_GROUP, MIPS_VIRTUALGROUP, MIPS_APMENTITY, MIPS_SUBGROUP, MIPS_APP1_*, APP_PLUS_*, PCF), '
      + 'the IA and PI sections with their reporting periods; an eCQM (quality) section is not converted. '
      + 'What the converter refuses in an IA section (its errors 43, 44, 45, 50, 51) is a 422 naming the element and its line. '
      + 'The answer is the submission itself; what was left out is in the X-Conversion-Warnings header, a JSON array of sentences.',
    tag: 'Scoring',
    requestBody: { content: { 'application/xml': { type: 'string' } } },
    responses: {
      200: {
        description: 'The QPP submission JSON',
        content: { 'application/json': 'QppSubmission' },
        headers: { 'X-Conversion-Warnings': { description: 'What the conversion left out, as a JSON array of strings (non-ASCII escaped); absent when nothing was', schema: { type: 'string' } } },
      },
      ...problemResponses('invalid-request', 'payload-too-large', 'unsupported-media-type'),
      ...QRDA_PROBLEMS,
    },
    handlers: (ctx) => [qrdaBody(ctx), (_req, res) => {
      const { submission, warnings } = res.locals.conversion as Conversion;
      if (warnings.length > 0) res.setHeader('X-Conversion-Warnings', JSON.stringify(warnings).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      sendJson(res, submission);
    }],
  },
];
