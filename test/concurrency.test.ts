// Concurrent scoring. A json-rules-engine Engine is not safe to share across concurrent runs:
// a run that finishes marks the engine FINISHED and any other run still between priority sets
// skips its remaining rules. decide.ts builds an Engine per evaluation; this file checks that
// hundreds of overlapping runs on cold caches give exactly the results of one-by-one scoring,
// and (the control) that the same load does break a shared Engine, so the check has teeth.

import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { loadPacks, score } from '../engine/index.js';
import { compileYear } from '../engine/score/compiled-year.js';
import { deriveFacts } from '../engine/rules/facts.js';
import type { Submission } from '../engine/score/submission.js';
import type { YearPack } from '../engine/types.js';
import { submissionArb } from '../engine/corpus/arbitraries.js';

const PER_YEAR = 60;
const SEED = 0x5eed;
/**
 * Runs start this many microtask ticks apart at most, so that they overlap at different stages
 * (a shared Engine only loses rules when one run finishes while another is between priority sets).
 */
const MAX_STAGGER_TICKS = 240;

const samplePacks = loadPacks();
const submissions: Submission[] = [...new Map(
  [...samplePacks.values()]
    .flatMap((pack) => fc.sample(submissionArb(pack), { numRuns: PER_YEAR, seed: SEED + pack.year }))
    .map((sub) => [JSON.stringify(sub), sub] as const),
).values()];

function staggerOf(i: number): number {
  return (i * 37) % MAX_STAGGER_TICKS;
}

async function afterTicks<T>(ticks: number, run: () => Promise<T>): Promise<T> {
  for (let i = 0; i < ticks; i++) await Promise.resolve();
  return run();
}

describe('concurrent scoring', () => {
  it('gives each of hundreds of overlapping submissions on a cold pack set its one-by-one result', async () => {
    expect(submissions.length).toBeGreaterThanOrEqual(300);

    const sequentialPacks = loadPacks();
    const expected: string[] = [];
    for (const sub of submissions) expected.push(JSON.stringify(await score(sequentialPacks, sub)));

    // Another load: nothing compiled or cached yet, so every distinct fact combination runs the rules.
    const coldPacks = loadPacks();
    const concurrent = await Promise.all(submissions.map((sub, i) =>
      afterTicks(staggerOf(i), async () => JSON.stringify(await score(coldPacks, sub)))));

    const mismatches = submissions.map((_, i) => i).filter((i) => concurrent[i] !== expected[i]);
    expect(mismatches.map((i) => JSON.stringify(submissions[i])).slice(0, 3)).toEqual([]);

    // The load was varied: many different decisions, in every year.
    const decisions = new Set(expected.map((json) => {
      const r = JSON.parse(json) as { performanceYear: number; rules: { name: string }[] };
      return `${r.performanceYear}:${r.rules.map((rule) => rule.name).join(',')}`;
    }));
    expect(decisions.size).toBeGreaterThanOrEqual(5 * samplePacks.size);
  });

  it('control: the same load through one shared Engine per year loses rules', async () => {
    const facts = submissions.map((sub) => {
      const pack = samplePacks.get(sub.performanceYear)!;
      return { pack, facts: deriveFacts(sub, compileYear(pack).facts).facts };
    });
    const definitions = (pack: YearPack) => pack.rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions, event: r.event }));
    const firedNames = (results: { name?: unknown }[]) => results.map((r) => String(r.name)).sort().join(',');

    const expected: string[] = [];
    for (const { pack, facts: f } of facts) {
      expected.push(firedNames((await new Engine(definitions(pack) as never[], { allowUndefinedFacts: false }).run({ ...f })).results));
    }
    const shared = new Map([...samplePacks.values()].map((pack) => [pack.year, new Engine(definitions(pack) as never[], { allowUndefinedFacts: false })]));
    const concurrent = await Promise.all(facts.map(({ pack, facts: f }, i) =>
      afterTicks(staggerOf(i), async () => firedNames((await shared.get(pack.year)!.run({ ...f })).results))));

    // If json-rules-engine ever makes Engine reentrant this control fails: then it can go.
    expect(concurrent.filter((names, i) => names !== expected[i]).length).toBeGreaterThan(0);
  });
});
