// The performance years: each with its pack hash, and one year materialized.
import { basename } from 'node:path';
import type { YearPack } from '../../engine/types.js';
import { packOfYear } from '../../engine/usecases/year.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, requireYear, sendJson, YEAR_PARAM } from './common.js';

export function yearSummary(p: YearPack) {
  return { year: p.year, extends: p.extends, title: p.title, hash: p.hash, activities: p.activities.size, suspended: p.suspended.size };
}

/** Everything the year's pack says once inheritance is resolved, in stable key order. */
export function yearDetail(p: YearPack) {
  return {
    year: p.year,
    extends: p.extends,
    title: p.title,
    hash: p.hash,
    file: basename(p.file),
    activities: p.activities.size,
    sources: p.sources,
    subcategories: p.subcategories,
    parameters: [...p.parameters.values()].map(({ name, value, unit, informational, year, reference, note, inferred }) => ({
      name, value, unit, year,
      ...(informational ? { informational } : {}),
      ...(reference !== undefined ? { reference } : {}),
      ...(note !== undefined ? { note } : {}),
      ...(inferred !== undefined ? { inferred } : {}),
    })),
    rules: p.rules.map(({ name, year, description, reference, note, inferred, priority, conditions, event }) => ({
      name, year, description,
      ...(reference !== undefined ? { reference } : {}),
      ...(note !== undefined ? { note } : {}),
      ...(inferred !== undefined ? { inferred } : {}),
      ...(priority !== undefined ? { priority } : {}),
      conditions, event,
    })),
    mvps: [...p.mvps.values()].map(({ id, title, clinicalTopic, activities }) => ({ id, title, ...(clinicalTopic !== undefined ? { clinicalTopic } : {}), activities })),
    suspended: [...p.suspended.values()].map(({ id, date, creditable, reference, note }) => ({
      id, ...(date !== undefined ? { date } : {}), creditable, reference, ...(note !== undefined ? { note } : {}),
    })),
  };
}

export const yearRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/years',
    operationId: 'listYears',
    summary: 'The performance years, each with its pack hash, title and activity count',
    tag: 'Years',
    responses: { 200: { description: 'The years, in order', content: { 'application/json': 'YearList' } } },
    handlers: (ctx) => [(_req, res) => void res.json({ years: [...ctx.store.packs.values()].map(yearSummary) })],
  },
  {
    method: 'get',
    path: '/v1/years/:year',
    operationId: 'getYear',
    summary: 'One year materialized: parameters and rules with their references, sources, subcategories, MVPs, suspensions',
    description: 'Each parameter (weights, points tables, thresholds, credits) carries its unit, its reference or note and the year whose pack set it; an informational one (informational: true, e.g. the performance threshold) is context that no rule reads. Each rule carries its reference or note too.',
    tag: 'Years',
    pathParams: { year: YEAR_PARAM },
    responses: {
      200: { description: 'The year', content: { 'application/json': 'Year' } },
      ...problemResponses('unknown-year'),
    },
    handlers: (ctx) => [(req, res) => void res.json(yearDetail(packOfYear(ctx.store.packs, String(req.params.year))))],
  },
  {
    method: 'get',
    path: '/v1/years/:year/decisions',
    operationId: 'getDecisionTable',
    summary: "The year's decision table: every combination of the facts its rules read, grouped by the rules that fire, and what they decide",
    description: 'As mips-ia check --table prints it. Computed on a worker thread the first time a year is asked for, then kept with its pack.',
    tag: 'Years',
    pathParams: { year: YEAR_PARAM },
    responses: {
      200: { description: 'The decision table', content: { 'application/json': 'DecisionTable' } },
      ...problemResponses('unknown-year', 'overloaded'),
    },
    handlers: (ctx) => [requireYear(ctx), async (req, res) => {
      const pack = packOfYear(ctx.store.packs, String(req.params.year));
      let json = decisionTables.get(pack);
      if (json === undefined) {
        json = await ctx.work.run(ctx.store.packs, 'decisionTable', { year: String(pack.year) }, res);
        decisionTables.set(pack, json);
      }
      sendJson(res, undefined, json);
    }],
  },
];

/** Each pack's decision table once computed: a pack never changes (a reload makes new ones). */
const decisionTables = new WeakMap<YearPack, string>();
