import { Engine } from 'json-rules-engine';
import type { Condition, Rule, YearPack } from '../types.js';
import type { Facts } from './facts.js';
import { param } from './params.js';
import type { Submission } from './submission.js';
import { selectWeights, type SelectedWeights } from './weights.js';

/** A credit rule that fired, in points. */
export interface Credit {
  rule: Rule;
  points: number;
}

/** What the pack's rules decided for one combination of facts, with the tables they point at. */
export interface Decision {
  /** Every rule that fired, highest priority first (pack order among equals). */
  fired: Rule[];
  /** The rule whose table applies, per kind; other rules of the kind that fired were overridden. */
  pointsTable: Rule;
  weightTable: Rule;
  /** Points per weight of the table pointsTable names. */
  points: Record<string, number>;
  credits: Credit[];
  reweighted: ReadonlySet<string>;
  restrictToMvp: boolean;
  rejections: Rule[];
  warnings: string[];
  /** The weight row per combination of categories the submission reweights (see weightsFor). */
  weightRows: Map<number, SelectedWeights>;
}

/** Decisions are cached per distinct facts; this bounds the cache of one year. */
const CACHE_LIMIT = 4096;
/** Values one fact takes, at most, for the numeric cache key (8 = 3 bits a fact). */
const FACT_RADIX = 8;

/**
 * Runs a year's json-rules-engine rules. An Engine is built per evaluation from the
 * rule definitions (sharing one across concurrent runs is unsafe), and only on a
 * cache miss: the rules are pure functions of the facts they read.
 */
export class Decider {
  private readonly definitions: object[];
  private readonly byName: Map<string, Rule>;
  private readonly order: Map<string, number>;
  /** Only the facts some condition reads make up the cache key. */
  private readonly readFacts: (keyof Facts)[];
  /** The values seen of each fact read, in first-seen order: a value's index is its digit. */
  private readonly domains: unknown[][];
  private readonly cache = new Map<number | string, Decision>();

  constructor(private readonly pack: YearPack) {
    this.byName = new Map(pack.rules.map((r) => [r.name, r]));
    this.order = new Map(pack.rules.map((r, i) => [r.name, i]));
    this.definitions = pack.rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions, event: r.event }));
    const read = new Set<string>();
    for (const r of pack.rules) collectFacts(r.conditions, read);
    this.readFacts = [...read].sort() as (keyof Facts)[];
    this.domains = this.readFacts.map(() => []);
  }

  /** The cached decision for these facts, if any: the fast path, no promise. */
  cached(facts: Facts): Decision | undefined {
    return this.cache.get(this.key(facts));
  }

  async decide(facts: Facts): Promise<Decision> {
    const key = this.key(facts);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const engine = new Engine(this.definitions as never[], { allowUndefinedFacts: false });
    const { results } = await engine.run({ ...facts });
    const fired = results
      .map((r) => this.byName.get(r.name as string)!)
      .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || this.order.get(a.name)! - this.order.get(b.name)!);
    const decision = interpret(this.pack, fired);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, decision);
    return decision;
  }

  /** A number from the values of the facts read (3 bits each); a string if a fact has more values. */
  private key(facts: Facts): number | string {
    let key = 0;
    for (let i = 0; i < this.readFacts.length; i++) {
      const value = facts[this.readFacts[i]];
      const domain = this.domains[i];
      let index = domain.indexOf(value);
      if (index < 0) {
        if (domain.length === FACT_RADIX) return this.readFacts.map((f) => String(facts[f])).join('|');
        index = domain.push(value) - 1;
      }
      key = key * FACT_RADIX + index;
    }
    return key;
  }
}

function collectFacts(c: Condition, into: Set<string>): void {
  if (c.fact) into.add(c.fact);
  for (const sub of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) collectFacts(sub, into);
}

function interpret(pack: YearPack, fired: Rule[]): Decision {
  const of = (type: string) => fired.filter((r) => r.event.type === type);
  const pointsTable = of('pointsTable')[0];
  const weightTable = of('weightTable')[0];
  if (!pointsTable || !weightTable) throw new Error(`${pack.file}: no rule picks a ${pointsTable ? 'weight' : 'points'} table for these facts`);
  const maxPoints = param(pack, 'maxPoints').value as number;
  return {
    fired,
    pointsTable,
    weightTable,
    points: param(pack, pointsTable.event.params.table!).value as Record<string, number>,
    credits: fired.filter((r) => r.event.type === 'fullCredit' || r.event.type === 'minimumPoints').map((rule) => {
      const value = param(pack, rule.event.params.parameter!).value as number | null;
      if (value === null) return { rule, points: 0 };
      return { rule, points: rule.event.type === 'fullCredit' ? (value / 100) * maxPoints : value };
    }),
    reweighted: new Set(of('reweight').map((r) => r.event.params.category!)),
    restrictToMvp: of('restrictActivities').some((r) => r.event.params.to === 'mvp'),
    rejections: of('reject'),
    warnings: of('warn').map((r) => r.event.params.message!),
    weightRows: new Map(),
  };
}

const REWEIGHTABLE = ['quality', 'cost', 'pi'] as const;

/** The weight row for a submission, computed once per decision and reweighting combination. */
export function weightsFor(pack: YearPack, decision: Decision, sub: Submission): SelectedWeights {
  const cats = sub.otherCategories;
  let bits = 0;
  if (cats) REWEIGHTABLE.forEach((c, i) => (bits |= cats[c] === 'reweighted' ? 1 << i : 0));
  let selected = decision.weightRows.get(bits);
  if (!selected) {
    selected = selectWeights(pack, decision.weightTable, decision.reweighted, sub);
    decision.weightRows.set(bits, selected);
  }
  return selected;
}
