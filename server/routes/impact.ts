// The impact of a change on a corpus of submissions (POST /v1/impact), as `mips-ia impact`:
// two years, or a draft pack against the year it extends; the corpus given (NDJSON text or an
// array) or generated (as `mips-ia corpus`). Bounded: at most MAX_SUBMISSIONS submissions.
import { generateCorpus } from '../../engine/corpus/generate.js';
import { impact, type ImpactSide } from '../../engine/impact/impact.js';
import type { PackSet } from '../../engine/pack/load.js';
import { draftSides, yearSides } from '../../engine/usecases/draft.js';
import { compileInputCheck } from '../../engine/pack/schema.js';
import { jsonText, parseJson } from '../body.js';
import { formatBytes } from '../config.js';
import { PACK_LIMITS } from '../../engine/pack/yaml-limits.js';
import { problem } from '../problem.js';
import { packOfYear } from '../../engine/usecases/year.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, sendJson } from './common.js';

/** The most submissions one request may score (each is scored twice). */
export const MAX_SUBMISSIONS = 5000;
const DEFAULT_TOP = 10;

export interface ImpactRequest {
  from?: number;
  to?: number;
  draft?: string;
  draftName?: string;
  corpus?: string | Record<string, unknown>[];
  generate?: { year: number; count: number; seed?: number };
  top?: number;
}

const checkRequest = compileInputCheck('impact-request.schema.json', 'REQUEST');

const invalid = (detail: string, path: string, code: string, message: string) => problem('invalid-request', detail, { errors: [{ path, code, message }] });

/** The body as an ImpactRequest: 400 unless it matches schemas/impact-request.schema.json and says one corpus and one change. */
function impactRequestOf(value: unknown): ImpactRequest {
  const failure = checkRequest(value);
  if (failure) {
    const { errors, summary } = failure;
    throw problem('invalid-request', `the body does not match schemas/impact-request.schema.json: { from, to | draft, corpus | generate, top? } (${summary})`, { errors });
  }
  const body = value as ImpactRequest;
  if ((body.corpus === undefined) === (body.generate === undefined)) {
    const both = body.corpus !== undefined;
    throw invalid(`give ${both ? 'one of' : 'a corpus:'} corpus (NDJSON text or an array of submissions) or generate ({ year, count, seed })${both ? ', not both' : ''}`,
      both ? 'generate' : '', both ? 'REQUEST_EXCLUSIVE' : 'REQUEST_REQUIRED', both ? 'corpus and generate exclude each other' : 'corpus or generate required');
  }
  if (body.to !== undefined && body.draft !== undefined) {
    throw invalid('give one of to (a year) and draft (a pack), not both', 'draft', 'REQUEST_EXCLUSIVE', 'to and draft exclude each other');
  }
  if (body.draft === undefined && (body.from === undefined || body.to === undefined)) {
    const missing = body.from === undefined ? 'from' : 'to';
    throw invalid(`give from and to (two years), or draft (and maybe from)`, missing, 'REQUEST_REQUIRED', `${missing} required: a performance year`);
  }
  if (body.draftName !== undefined && body.draft === undefined) {
    throw invalid('draftName names a draft: give draft too', 'draftName', 'REQUEST_SHAPE', 'only with draft');
  }
  return body;
}

/** The two sides: published years, or the draft (validated with the published packs as parents) against from. */
function sidesOf(published: PackSet, body: ImpactRequest, packBodyLimit: number): { from: ImpactSide; to: ImpactSide } {
  if (body.draft === undefined) return yearSides(published, body.from!, body.to!);
  const file = body.draftName ?? 'draft.yaml';
  const bytes = Buffer.byteLength(body.draft);
  if (bytes > packBodyLimit) throw problem('payload-too-large', `the draft is ${formatBytes(bytes)}; a pack may be at most ${formatBytes(packBodyLimit)} (PACK_BODY_LIMIT)`);
  return draftSides(published, { file, text: body.draft, limits: { ...PACK_LIMITS, bytes: packBodyLimit } }, body.from);
}

/** The corpus: the given lines or submissions (at most MAX_SUBMISSIONS), or a generated one. */
function corpusOf(published: PackSet, body: ImpactRequest): Iterable<unknown> | AsyncIterable<unknown> {
  if (body.generate) {
    const { year, count, seed } = body.generate;
    return generateCorpus(published, packOfYear(published, String(year)).year, count, seed ?? 1);
  }
  if (Array.isArray(body.corpus)) return body.corpus;
  const lines = body.corpus!.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length > MAX_SUBMISSIONS) {
    throw invalid(`the corpus has ${lines.length} submissions; at most ${MAX_SUBMISSIONS} per request (mips-ia impact takes any number)`, 'corpus', 'REQUEST_SIZE', `at most ${MAX_SUBMISSIONS} non-empty lines`);
  }
  if (lines.length === 0) throw invalid('the corpus is empty', 'corpus', 'REQUEST_SIZE', 'at least one submission');
  return lines;
}

/** The impact report of a request body (JSON text) as JSON text: the worker thread's task. */
export async function impactJson(published: PackSet, input: { text: string; packBodyLimit: number }): Promise<string> {
  const body = impactRequestOf(parseJson(input.text));
  const { from, to } = sidesOf(published, body, input.packBodyLimit);
  const corpus = corpusOf(published, body);
  return JSON.stringify(await impact(from, to, corpus, { topCauses: body.top ?? DEFAULT_TOP }));
}

export const impactRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/impact',
    operationId: 'impact',
    summary: 'What a change (two years, or a draft pack) does to a corpus of submissions: how many change, the histogram of point deltas, the top causes',
    description: 'Each submission is scored under both sides, as mips-ia impact does. The corpus is NDJSON text or an array of native submissions, '
      + `or generated as mips-ia corpus generates it; at most ${MAX_SUBMISSIONS} submissions. A line that is not a valid submission counts as invalid; `
      + 'one with an activity a side does not have, or that a side refuses, is counted apart. A draft pack (YAML) extends a published year and is compared against '
      + 'from (default: the year it extends); an invalid draft is a 422 listing its errors as POST /v1/packs/validate does. The body may be up to IMPACT_BODY_LIMIT (default 8 MiB).',
    tag: 'Comparing years',
    requestBody: { content: { 'application/json': 'ImpactRequest' } },
    responses: {
      200: { description: 'The impact report (mips-ia impact --json)', content: { 'application/json': 'Impact' } },
      ...problemResponses('invalid-json', 'invalid-request', 'unknown-year', 'payload-too-large', 'unsupported-media-type', 'invalid-pack', 'overloaded'),
    },
    // The body is parsed, checked and run on a worker thread (impactJson): it may be megabytes.
    handlers: (ctx) => [jsonText(ctx.config.impactBodyLimit, ctx.admit), async (req, res) => {
      sendJson(res, undefined, await ctx.work.run(ctx.store.packs, 'impact', { text: req.body as string, packBodyLimit: ctx.config.packBodyLimit }, res));
    }],
  },
];
