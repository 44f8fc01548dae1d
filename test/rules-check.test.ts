// mips-ia check: each kind of finding on a small draft of the latest published year, the
// published packs clean, and the decisions a draft changes against its parent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { submissionArb } from '../engine/corpus/arbitraries.js';
import { loadPacks } from '../engine/index.js';
import { checkPack, combinations, compileRules, decisionTable, firedFor, readFacts } from '../engine/rules/check.js';
import { deriveFacts } from '../engine/rules/facts.js';
import { compileYear } from '../engine/score/compiled-year.js';
import type { Rule, YearPack } from '../engine/types.js';

const packs = loadPacks();
const latest = [...packs.values()].at(-1)!;
const draft = (rules: (rs: Rule[]) => Rule[]): YearPack => ({ ...latest, year: latest.year + 1, rules: rules(latest.rules.map((r) => ({ ...r }))) });
const rule = (name: string, r: Partial<Rule>): Rule => ({ name, year: latest.year + 1, description: name, conditions: { all: [] }, event: { type: 'warn', params: { code: 'X', message: 'x' } }, ...r });

describe('mips-ia check', () => {
  it('finds every published year clean', () => {
    for (const pack of packs.values()) expect(checkPack(pack).findings, String(pack.year)).toEqual([]);
  });

  it('a gap: without standard-points, submissions without a special status get no points table', () => {
    const { findings } = checkPack(draft((rs) => rs.filter((r) => r.name !== 'standard-points')), latest);
    expect(findings).toEqual([expect.objectContaining({ kind: 'gap', rules: [], example: expect.objectContaining({ specialStatus: false }) })]);
    expect(findings[0].message).toContain('no rule picks a pointsTable');
  });

  it('an ambiguity: a second points rule at the standard one\'s priority', () => {
    const { findings } = checkPack(draft((rs) => [...rs, rule('other-points', { priority: 1, event: { type: 'pointsTable', params: { table: 'points.specialStatus' } } })]), latest);
    expect(findings).toEqual([expect.objectContaining({ kind: 'ambiguity', rules: expect.arrayContaining([{ name: 'other-points', year: latest.year + 1 }, { name: 'standard-points', year: expect.any(Number) }]) })]);
  });

  it('a rule that never fires: contradictory conditions', () => {
    const never = rule('never', { conditions: { all: [{ fact: 'pcmh', operator: 'equal', value: true }, { fact: 'pcmh', operator: 'equal', value: false }] } });
    const { findings } = checkPack(draft((rs) => [...rs, never]), latest);
    expect(findings).toEqual([expect.objectContaining({ kind: 'dead-rule', rules: [{ name: 'never', year: latest.year + 1 }], combinations: 0 })]);
  });

  it('a changed decision: refusing virtual groups changes exactly their decisions, grouped', () => {
    const refuse = rule('no-virtual-groups', {
      priority: 9,
      conditions: { all: [{ fact: 'entityType', operator: 'equal', value: 'virtualGroup' }] },
      event: { type: 'reject', params: { code: 'NO_VIRTUAL_GROUPS', message: 'no', path: 'entityType' } },
    });
    const { changes, findings } = checkPack(draft((rs) => [...rs, refuse]), latest);
    expect(findings).toEqual([]);
    expect(changes!.against).toBe(latest.year);
    expect(changes!.changed).toBeGreaterThan(0);
    for (const g of changes!.groups) {
      expect(g.example.entityType).toBe('virtualGroup');
      expect(g.after.join('; ')).toMatch(/^reject: .*NO_VIRTUAL_GROUPS/);
    }
    expect(changes!.groups.reduce((n, g) => n + g.combinations, 0)).toBe(changes!.changed);
  });

  it('the decision table covers every combination, each class once', () => {
    for (const pack of packs.values()) {
      const t = decisionTable(pack);
      expect(t.classes.reduce((n, c) => n + c.combinations, 0)).toBe(t.combinations);
      expect(new Set(t.classes.map((c) => c.rules.join(' '))).size).toBe(t.classes.length);
    }
  });

  it('in every year, the decision the engine makes for a random submission is the one check enumerated for its facts', async () => {
    for (const pack of packs.values()) {
      const year = compileYear(pack);
      const facts = readFacts(pack);
      const enumerated = new Set(combinations(pack, facts).map((c) => facts.map((f) => String(c[f])).join('|')));
      const rules = compileRules(pack);
      await fc.assert(fc.asyncProperty(submissionArb(pack), async (sub) => {
        const derived = deriveFacts(sub, year.facts).facts;
        expect(enumerated.has(facts.map((f) => String(derived[f])).join('|'))).toBe(true);
        const decision = await year.decider.decide(derived);
        expect(decision.fired.map((r) => r.name)).toEqual(firedFor(rules, derived).map((r) => r.name));
      }), { numRuns: 60 });
    }
  });
});
