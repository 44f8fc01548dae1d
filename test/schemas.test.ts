// The schemas of schemas/ against JSON Schema 2020-12's meta-schema: compileStrict skips that
// check (engine/pack/schema.ts), so it is made here, once, for every schema the product ships.
import { readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compileStrict, loadSchema } from '../engine/pack/schema.js';
import { schemasDir } from '../engine/paths.js';

const ajv = new Ajv2020({ strict: false });
const names = readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json'));

describe('schemas/', () => {
  it.each(names)('%s is a valid JSON Schema 2020-12 document, and compiles in strict mode', (name) => {
    const schema = loadSchema(name);
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
    expect(() => compileStrict(schema, { allErrors: true })).not.toThrow();
  });

  it('the meta-schema check finds what compiling alone no longer looks for', () => {
    const broken = { ...loadSchema('submission.schema.json'), minProperties: -1 };
    expect(ajv.validateSchema(broken)).toBe(false);
    expect(() => compileStrict(broken, { allErrors: true })).not.toThrow();
  });
});
