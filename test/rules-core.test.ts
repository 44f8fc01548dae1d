// The rules core's vocabulary agrees with the schemas: the event types the pack schema allows are
// the registry's, the facts rules may read are the facts the engine derives, and the values the
// check enumerates are the submission schema's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, loadPacks, score } from '../engine/index.js';
import { submissionArb } from '../engine/corpus/arbitraries.js';
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

describe('reasons are data', () => {
  const packs = loadPacks();
  it('in every year, an activity that earns nothing says why by a code, and its reason quotes only the parameters it lists', async () => {
    for (const pack of packs.values()) {
      await fc.assert(fc.asyncProperty(submissionArb(pack), async (sub) => {
        const result = await score(packs, sub);
        for (const a of result.activities) {
          if (!a.counted) expect(a.code, `${pack.year} ${a.id}`).toBeDefined();
          expect(a.reason === undefined, `${pack.year} ${a.id}`).toBe(a.code === undefined);
          const quoted = [...(a.reason ?? '').matchAll(/([a-z][\w.]*)@(\d{4}) → /g)].map((m) => `${m[1]}@${m[2]}`);
          expect((a.parameters ?? []).map((p) => `${p.name}@${p.year}`)).toEqual(expect.arrayContaining(quoted));
          for (const p of a.parameters ?? []) expect(pack.parameters.get(p.name)).toMatchObject({ year: p.year, value: p.value, unit: p.unit });
        }
      }), { numRuns: 60 });
    }
  });

  it('compare finds a changed threshold from the parameters an outcome lists, not from its wording', async () => {
    // 42 CFR 414.1360(a)(2): "Beginning with the 2020 performance year … at least 50 percent of the NPIs".
    const sub = { performanceYear: 2019, entityType: 'group', clinicians: { total: 20 }, activities: [{ id: 'IA_EPA_1', cliniciansPerforming: 1 }] };
    const result = await score(packs, { ...sub, performanceYear: 2020 });
    expect(result.activities[0]).toMatchObject({ counted: false, code: 'GROUP_SHARE_NOT_MET' });
    expect(result.activities[0].parameters!.map((p) => p.name)).toEqual(['thresholds.groupActivityMinClinicians', 'thresholds.groupActivityMinShare']);
    const rows = (await compare(packs, sub, [2019, 2020])).rows;
    expect(rows[1].causes?.map((c) => c.key)).toEqual(['parameter:thresholds.groupActivityMinShare']);
  });
});
