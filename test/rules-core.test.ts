// The rules core's vocabulary agrees with the schemas: the event types the pack schema allows are
// the registry's, the facts rules may read are the facts the engine derives, and the values the
// check enumerates are the submission schema's.
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../engine/pack/schema.js';
import { EVENT_TYPES } from '../engine/rules/events.js';
import { APM_KINDS, APM_PARTICIPATIONS, CATEGORY_STATUSES, ENTITY_TYPES, FACT_NAMES, REPORTING_OPTIONS } from '../engine/rules/facts.js';

const pack = loadSchema('rulepack.schema.json') as any;
const submission = loadSchema('submission.schema.json') as any;

describe('the rules core and the schemas', () => {
  it('the pack schema allows exactly the registered event types', () => {
    expect([...pack.$defs.event.properties.type.enum].sort()).toEqual(Object.keys(EVENT_TYPES).sort());
    for (const [name, type] of Object.entries(EVENT_TYPES)) expect(type.type).toBe(name);
  });

  it('rules may read exactly the facts the engine derives', () => {
    expect([...pack.$defs.factName.enum].sort()).toEqual([...FACT_NAMES].sort());
  });

  it("the fact values enumerated are the submission schema's", () => {
    expect(ENTITY_TYPES).toEqual(submission.properties.entityType.enum);
    expect(REPORTING_OPTIONS).toEqual(submission.properties.reportingOption.enum);
    expect(APM_PARTICIPATIONS).toEqual(submission.properties.apm.properties.participation.enum);
    expect(APM_KINDS).toEqual(submission.properties.apm.properties.kind.enum);
    expect(CATEGORY_STATUSES).toEqual(submission.$defs.categoryStatus.enum);
  });
});
