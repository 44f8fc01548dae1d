// Validating a pack: the YAML in the body, checked like `mips-ia validate` checks a file, with the
// loaded packs as its parents; the same error lines, plus the errors as objects.
import { validatePacks, type PackSet } from '../../engine/pack/load.js';
import { formatPackErrors } from '../../engine/pack/errors.js';
import type { YamlLimits } from '../../engine/pack/yaml-limits.js';
import { columns, counts, plural } from '../../cli/format.js';
import { yamlBody, YAML_TYPES } from '../body.js';
import { PACK_LIMITS } from '../../engine/pack/yaml-limits.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, sendJson } from './common.js';

const FILE_NAME = '^[A-Za-z0-9._-]{1,64}\\.ya?ml$';

/** The pack's year as the CLI finds it: from the file name, else from a `year:` line. */
function yearOf(file: string, text: string): number | undefined {
  const m = /^(\d{4})\.ya?ml$/.exec(file) ?? /^year:[ \t]*(\d{4})\b/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function validatePackText(published: PackSet, file: string, text: string, limits?: YamlLimits) {
  // As `mips-ia validate <file>`: a pack extending a year not given comes from the published packs, its own year left out.
  const year = yearOf(file, text);
  const parent = Number(/^extends:[ \t]*(\d+)/m.exec(text)?.[1]);
  const base = parent && parent !== year ? new Map([...published].filter(([y]) => y !== year)) : undefined;
  const results = validatePacks([{ file, text }], base, limits);
  const errorCount = results.reduce((n, r) => n + r.errorCount, 0);
  const failed = results.filter((r) => r.errors.length > 0);
  const lines = failed.length > 0
    ? [...failed.flatMap((r) => formatPackErrors(r.errors, r.errorCount)), `${plural(errorCount, 'error')} in ${plural(failed.length, 'pack')}`]
    : columns(results.map((r, i) => [r.file, String(r.pack!.year), counts(results.map((x) => x.pack!.activities.size), 'activities')[i], r.pack!.hash]));
  return {
    ok: failed.length === 0,
    errorCount,
    lines,
    packs: results.map((r) => ({ file: r.file, year: r.year ?? null, activities: r.pack?.activities.size ?? null, hash: r.pack?.hash ?? null, errorCount: r.errorCount, errors: r.errors })),
  };
}

export const packRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/packs/validate',
    operationId: 'validatePack',
    summary: 'Validate a year pack (YAML) against the schema and the loaded packs as its parents',
    description: 'Answers 200 whether or not the pack is valid: ok says which. lines are what `mips-ia validate` prints for the file; at most 100 errors are listed, errorCount counts them all. The body may be up to PACK_BODY_LIMIT (default 512 KiB).',
    tag: 'Packs',
    query: {
      file: { description: 'The file name the errors name (default: <year>.yaml from the pack, else pack.yaml); a name of the form <year>.yaml must match the year in the pack.', schema: { type: 'string', pattern: FILE_NAME } },
    },
    requestBody: { content: Object.fromEntries(YAML_TYPES.map((t) => [t, 'Rulepack'])) },
    responses: {
      200: { description: 'The validation result', content: { 'application/json': 'PackValidation' } },
      ...problemResponses('invalid-request', 'payload-too-large', 'unsupported-media-type', 'overloaded'),
    },
    handlers: (ctx) => [yamlBody(ctx.config.packBodyLimit, ctx.admit), async (req, res) => {
      const text = req.body as string;
      const given = req.query.file as string | undefined;
      const year = yearOf('', text);
      const file = given ?? (year !== undefined ? `${year}.yaml` : 'pack.yaml');
      sendJson(res, undefined, await ctx.work.run(ctx.store.packs, 'validatePack', { file, text, limits: { ...PACK_LIMITS, bytes: ctx.config.packBodyLimit } }, res));
    }],
  },
];
