// The decider: a year's json-rules-engine rules run over the facts of a submission, the decision
// (decision.ts) cached by the values of the facts the rules read.
import { Engine } from 'json-rules-engine';
import type { Rule, YearPack } from '../types.js';
import { factsRead } from './conditions.js';
import { byPriority, decide, type Decision } from './decision.js';
import type { Facts } from './facts.js';

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
  /** Only the facts some condition reads make up the cache key. */
  private readonly readFacts: (keyof Facts)[];
  /** The values seen of each fact read, in first-seen order: a value's index is its digit. */
  private readonly domains: unknown[][];
  private readonly cache = new Map<number | string, Decision>();

  constructor(private readonly pack: YearPack) {
    this.byName = new Map(pack.rules.map((r) => [r.name, r]));
    this.definitions = pack.rules.map((r) => ({ name: r.name, priority: r.priority ?? 1, conditions: r.conditions, event: r.event }));
    const read = new Set<string>();
    for (const r of pack.rules) factsRead(r.conditions, read);
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
    const decision = decide(this.pack, byPriority(this.pack, results.map((r) => this.byName.get(r.name as string)!)));
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
      // A loop, not indexOf: the domains are a few values, and a builtin call costs more than the search.
      let index = 0;
      while (index < domain.length && domain[index] !== value) index++;
      if (index === domain.length) {
        if (domain.length === FACT_RADIX) return this.readFacts.map((f) => String(facts[f])).join('|');
        domain.push(value);
      }
      key = key * FACT_RADIX + index;
    }
    return key;
  }
}
