import { Engine } from 'json-rules-engine';
import type { Rule, YearPack } from '../types.js';
import { FACT_NAMES, type Facts } from './facts.js';

/** What the pack's rules decided for one combination of facts. */
export interface Decision {
  /** Every rule that fired, highest priority first (pack order among equals). */
  fired: Rule[];
  /** The rule whose table applies, per kind; other rules of the kind that fired were overridden. */
  pointsTable?: Rule;
  weightTable?: Rule;
  credits: Rule[];
  reweighted: Set<string>;
  restrictToMvp: boolean;
  rejections: Rule[];
  warnings: Rule[];
}

/** Decisions are cached per distinct facts; this bounds the cache of one year. */
const CACHE_LIMIT = 4096;

/**
 * Runs a year's json-rules-engine rules. An Engine is built per evaluation from the
 * rule definitions (sharing one across concurrent runs is unsafe), and only on a
 * cache miss: the rules are pure functions of the facts.
 */
export class Decider {
  private readonly definitions: object[];
  private readonly byName: Map<string, Rule>;
  private readonly order: Map<string, number>;
  private readonly cache = new Map<string, Decision>();

  constructor(pack: YearPack) {
    this.byName = new Map(pack.rules.map((r) => [r.name, r]));
    this.order = new Map(pack.rules.map((r, i) => [r.name, i]));
    this.definitions = pack.rules.map((r) => ({
      name: r.name,
      priority: r.priority ?? 1,
      conditions: r.conditions,
      event: r.event,
    }));
  }

  /** The cached decision for these facts, if any (the fast path: no promise). */
  cached(facts: Facts): Decision | undefined {
    return this.cache.get(factsKey(facts));
  }

  async decide(facts: Facts): Promise<Decision> {
    const key = factsKey(facts);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const engine = new Engine(this.definitions as never[], { allowUndefinedFacts: false });
    const { results } = await engine.run({ ...facts });
    const fired = results
      .map((r) => this.byName.get(r.name as string)!)
      .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1) || this.order.get(a.name)! - this.order.get(b.name)!);
    const decision = interpret(fired);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, decision);
    return decision;
  }
}

function factsKey(facts: Facts): string {
  let key = '';
  for (const name of FACT_NAMES) key += `${facts[name]}|`;
  return key;
}

function interpret(fired: Rule[]): Decision {
  const of = (type: string) => fired.filter((r) => r.event.type === type);
  return {
    fired,
    pointsTable: of('pointsTable')[0],
    weightTable: of('weightTable')[0],
    credits: fired.filter((r) => r.event.type === 'fullCredit' || r.event.type === 'minimumPoints'),
    reweighted: new Set(of('reweight').map((r) => r.event.params.category!)),
    restrictToMvp: of('restrictActivities').some((r) => r.event.params.to === 'mvp'),
    rejections: of('reject'),
    warnings: of('warn'),
  };
}
