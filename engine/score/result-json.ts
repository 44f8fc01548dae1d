import { createRequire } from 'node:module';
import type fastJson from 'fast-json-stringify';
import { loadSchema } from '../pack/schema.js';
import type { ScoreResult } from './score.js';

// A result as JSON text, the way the service and the CLI answer it: serialized by code that
// fast-json-stringify compiles from schemas/result.schema.json (keys in the schema's order), in
// about half the time JSON.stringify takes (npm run bench; a property test checks the content).
// The library is loaded with the first result serialized: the threads of an impact run, and the
// verbs that print no result, never load it (about 50 ms a thread).
const require = createRequire(import.meta.url);
let serialize: ((result: ScoreResult) => string) | undefined;

/** The result's JSON: JSON.stringify's content, keys in the schema's order. */
export function resultJson(result: ScoreResult): string {
  serialize ??= (require('fast-json-stringify') as typeof fastJson)(loadSchema('result.schema.json') as unknown as Parameters<typeof fastJson>[0]) as (result: ScoreResult) => string;
  return serialize(result);
}
