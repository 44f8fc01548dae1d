// Validating a pack: the YAML in the body, checked like `mips-ia validate` checks a file, with the
// loaded packs as its parents; the same error lines, plus the errors as objects.
import type { PackSet } from '../../engine/pack/load.js';
import type { YamlLimits } from '../../engine/pack/yaml-limits.js';
import { validateTexts, yearOfText } from '../../engine/usecases/validate.js';
import { yamlBody, YAML_TYPES } from '../body.js';
import { PACK_LIMITS } from '../../engine/pack/yaml-limits.js';
import type { RouteSpec } from '../route-spec.js';
import { problemResponses, sendJson } from './common.js';

const FILE_NAME = '^[A-Za-z0-9._-]{1,64}\\.ya?ml$';

/** The validation of one posted pack: the worker thread's task. */
export function validatePackText(published: PackSet, file: string, text: string, limits?: YamlLimits) {
  return validateTexts([{ file, text }], () => published, limits).validation;
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
      const year = yearOfText({ file: '', text });
      const file = given ?? (year !== undefined ? `${year}.yaml` : 'pack.yaml');
      sendJson(res, undefined, await ctx.work.run(ctx.store.packs, 'validatePack', { file, text, limits: { ...PACK_LIMITS, bytes: ctx.config.packBodyLimit } }, res));
    }],
  },
];
