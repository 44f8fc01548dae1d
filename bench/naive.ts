// The naive baseline: what a first implementation does. A fresh json-rules-engine Engine
// per submission on the same pack rules, then the same arithmetic. Kept only for the bench.
import { Engine } from 'json-rules-engine';
import type { YearPack } from '../engine/types.js';
import { deriveFacts, factPlan } from '../engine/rules/facts.js';
import type { Submission } from '../engine/score/submission.js';

export function naiveScorer(pack: YearPack) {
  const definitions = pack.rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions, event: r.event }));
  const plan = factPlan(pack);
  const param = (name: string) => pack.parameters.get(name)!.value;
  return async (sub: Submission): Promise<number> => {
    const { facts } = deriveFacts(sub, plan);
    const engine = new Engine(definitions as never[]);
    const { events } = await engine.run({ ...facts });
    const table = param(events.find((e) => e.type === 'pointsTable')!.params!.table as string) as Record<string, number>;
    let points = 0;
    for (const e of events) if (e.type === 'minimumPoints') points += param(e.params!.parameter as string) as number;
    for (const e of events) if (e.type === 'fullCredit') points += ((param(e.params!.parameter as string) as number) / 100) * 40;
    for (const a of new Set((sub.activities ?? []).map((c) => c.id))) points += table[pack.activities.get(a)!.weight ?? 'unweighted'] ?? 0;
    return Math.min(40, points);
  };
}
