// The decider: a year's json-rules-engine rules run over the facts of a submission, the decision
// (decision.ts) cached by the values of the facts the rules read.
import { Engine } from 'json-rules-engine';
import type { Rule, YearPack } from '../types.js';
import { factsRead } from './conditions.js';
import { byPriority, decide, type Decision } from './decision.js';
import type { Facts } from './facts.js';

/** Decisions are cached per distinct facts; this bounds the cache of one year (and each rule's). */
const CACHE_LIMIT = 4096;
/** Values one fact takes, at most, for the numeric cache key (8 = 3 bits a fact). */
const FACT_RADIX = 8;

/** A rule as the decider runs it: its json-rules-engine definition, and whether it fired, by the values of the facts it reads. */
interface RuleRun {
  rule: Rule;
  definition: object;
  reads: (keyof Facts)[];
  fired: Map<string, boolean>;
}

/**
 * Runs a year's json-rules-engine rules. The facts are plain values and no rule's event
 * changes them, so whether a rule fires depends on the facts it reads alone: each rule's
 * outcome is cached by those, and a new combination of facts runs only the rules that have not
 * met their own facts' values before (a few of the year's rules, often none). An Engine is built
 * per run (sharing one across concurrent runs is unsafe), only on a miss.
 */
export class Decider {
  private readonly rules: RuleRun[];
  /** Only the facts some condition reads make up the cache key. */
  private readonly readFacts: (keyof Facts)[];
  /** The values seen of each fact read, in first-seen order: a value's index is its digit. */
  private readonly domains: unknown[][];
  private readonly cache = new Map<number | string, Decision>();

  constructor(private readonly pack: YearPack) {
    this.rules = pack.rules.map((rule) => ({
      rule,
      definition: { name: rule.name, priority: rule.priority ?? 1, conditions: rule.conditions, event: rule.event },
      reads: [...factsRead(rule.conditions)].sort() as (keyof Facts)[],
      fired: new Map(),
    }));
    this.readFacts = [...new Set(this.rules.flatMap((r) => r.reads))].sort();
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
    const keys = this.rules.map((r) => r.reads.map((f) => String(facts[f])).join('|'));
    // Read before the run: a concurrent decision may evict a rule's entry meanwhile.
    const outcomes = this.rules.map((r, i) => r.fired.get(keys[i]));
    const unknown = this.rules.flatMap((_, i) => (outcomes[i] === undefined ? [i] : []));
    if (unknown.length > 0) {
      const engine = new Engine(unknown.map((i) => this.rules[i].definition) as never[], { allowUndefinedFacts: false });
      const { results } = await engine.run({ ...facts });
      const names = new Set(results.map((r) => r.name));
      for (const i of unknown) {
        outcomes[i] = names.has(this.rules[i].rule.name);
        remember(this.rules[i].fired, keys[i], outcomes[i]);
      }
    }
    const fired = this.rules.filter((_, i) => outcomes[i]).map((r) => r.rule);
    const decision = decide(this.pack, byPriority(this.pack, fired));
    remember(this.cache, key, decision);
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

/** A bounded cache's entry: the oldest goes when it is full. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
