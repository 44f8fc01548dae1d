// The check: a year's rules decided for every combination of the facts they read, which is
// possible because every fact has a small finite domain. It finds what validation cannot see in
// a pack that is valid but broken: a gap (a combination for which no rule picks a table a score
// needs), an ambiguity (two rules of one exclusive kind firing at the same priority with
// different outcomes, settled silently by their order), a rule that never fires; and, for a
// draft, which decisions change against its parent. The same enumeration is the decision table
// that analysts read (`mips-ia check --table`, the page's Year view).
import type { Rule, YearPack } from '../types.js';
import { compileCondition, factsRead } from './conditions.js';
import { byPriority } from './decision.js';
import { EVENT_TYPES } from './events.js';
import {
  APM_KINDS, APM_PARTICIPATIONS, CATEGORY_STATUSES, ENTITY_TYPES, factsOf, REPORTING_OPTIONS, STATUS_HOLDERS, STATUS_NAMES, statusHolders,
  type FactInputs, type Facts, type StatusName,
} from './facts.js';

export type Combination = Partial<Facts>;

/** The facts a pack's rules read, sorted. */
export function readFacts(pack: YearPack): (keyof Facts)[] {
  const read = new Set<string>();
  for (const r of pack.rules) factsRead(r.conditions, read);
  return [...read].sort() as (keyof Facts)[];
}

const BOOLEANS = [false, true] as const;

/**
 * Every combination of the values of `facts` that some submission of the year can produce: the
 * inputs that reach them enumerated (the others fixed), and a status only for the entity types
 * the year lets hold it. A combination holds only the facts named.
 */
export function combinations(pack: YearPack, facts: readonly (keyof Facts)[]): Combination[] {
  const read = new Set<keyof Facts>(facts);
  const needs = (...f: (keyof Facts)[]) => f.some((x) => read.has(x));
  // A pack that never says who holds a status (a minimal test pack) lets every entity type hold each.
  const holders = pack.parameters.has(STATUS_HOLDERS) ? statusHolders(pack) : undefined;
  // Statuses rules read by name are drawn one by one; the others only as "some other status"
  // (specialStatus is any of them): one flag stands for them all.
  const named = STATUS_NAMES.filter((s) => read.has(s));
  const others = STATUS_NAMES.filter((s) => !read.has(s));
  const statusChoices = (entityType: string): Record<StatusName, boolean>[] => {
    if (!needs('specialStatus', ...named)) return [noStatus()];
    const out: Record<StatusName, boolean>[] = [];
    const held = (s: StatusName) => holders?.[s].includes(entityType) ?? true;
    const otherHeld = others.filter(held);
    const flags = read.has('specialStatus') && otherHeld.length > 0 ? BOOLEANS : [false];
    for (let mask = 0; mask < 1 << named.length; mask++) {
      if (named.some((s, i) => mask & (1 << i) && !held(s))) continue;
      for (const other of flags) {
        const s = noStatus();
        named.forEach((n, i) => (s[n] = (mask & (1 << i)) !== 0));
        if (other) s[otherHeld[0]] = true;
        out.push(s);
      }
    }
    return out;
  };
  const pick = <T>(needed: boolean, values: readonly T[], fixed: T): readonly T[] => (needed ? values : [fixed]);
  const axes = {
    reportingOption: pick(read.has('reportingOption'), REPORTING_OPTIONS, 'traditional'),
    multispecialty: pick(read.has('multispecialty'), BOOLEANS, false),
    pcmh: pick(needs('pcmh', 'iaDataSubmitted', 'submittedCategoryCount'), BOOLEANS, false),
    activities: pick(needs('iaDataSubmitted', 'submittedCategoryCount'), BOOLEANS, true),
    apmParticipation: pick(read.has('apmParticipation'), APM_PARTICIPATIONS, 'none'),
    apmKind: pick(read.has('apmKind'), APM_KINDS, 'other'),
    cmsStudy: pick(read.has('cmsStudy'), BOOLEANS, false),
    euc: pick(read.has('euc'), BOOLEANS, false),
    qualityStatus: pick(needs('qualityStatus', 'submittedCategoryCount'), CATEGORY_STATUSES, 'submitted'),
    costStatus: pick(read.has('costStatus'), CATEGORY_STATUSES, 'submitted'),
    piStatus: pick(needs('piStatus', 'submittedCategoryCount'), CATEGORY_STATUSES, 'submitted'),
  };
  const entityTypes = needs('entityType', 'isGroup') || needs('specialStatus', ...named) ? ENTITY_TYPES : ['individual'];
  const out = new Map<string, Combination>();
  const names = Object.keys(axes) as (keyof typeof axes)[];
  for (const entityType of entityTypes) {
    for (const statuses of statusChoices(entityType)) {
      // One inputs object, each axis set in turn: the walk visits hundreds of thousands of leaves.
      const inputs = { entityType, statuses } as Record<string, unknown>;
      const walk = (i: number) => {
        if (i === names.length) {
          const all = factsOf(inputs as unknown as FactInputs);
          let key = '';
          for (const f of facts) key += `${String(all[f])}|`;
          if (out.has(key)) return;
          const combo: Combination = {};
          for (const f of facts) (combo as Record<string, unknown>)[f] = all[f];
          out.set(key, combo);
          return;
        }
        for (const v of axes[names[i]]) {
          inputs[names[i]] = v;
          walk(i + 1);
        }
      };
      walk(0);
    }
  }
  return [...out.values()];
}

function noStatus(): Record<StatusName, boolean> {
  return { smallPractice: false, rural: false, hpsa: false, nonPatientFacing: false };
}

/** A year's rules as functions of the facts, highest priority first: what the check runs. */
export function compileRules(pack: YearPack): { rule: Rule; holds: (facts: Combination) => boolean }[] {
  return byPriority(pack, pack.rules).map((rule) => ({ rule, holds: compileCondition(rule.conditions) as (f: Combination) => boolean }));
}

/** The rules that fire for a combination, highest priority first (json-rules-engine's order). */
export function firedFor(rules: ReturnType<typeof compileRules>, facts: Combination): Rule[] {
  const fired: Rule[] = [];
  for (const r of rules) if (r.holds(facts)) fired.push(r.rule);
  return fired;
}

/**
 * What a decision amounts to, in words that say the same for the same outcome whatever the rules'
 * names: the tables picked, the credits, the categories reweighted, the MVP restriction, the
 * refusals and warnings. Two years decide alike for a combination when these are equal.
 */
export function outcomeOf(pack: YearPack, fired: readonly Rule[]): string[] {
  const parts: string[] = [];
  for (const type of Object.values(EVENT_TYPES)) {
    const of = fired.filter((r) => r.event.type === type.type);
    if (of.length === 0) continue;
    const chosen = type.exclusive ? [of[0]] : of;
    const p = (r: Rule) => r.event.params;
    const values = chosen.map((r) => {
      switch (type.aspect) {
        case 'points':
          return p(r).table ?? `${p(r).basis} ${valueOf(pack, p(r).parameter)}`;
        case 'weight':
          return p(r).table ?? p(r).category!;
        case 'refusal':
          return p(r).code!;
        default:
          return p(r).to ?? p(r).message!;
      }
    });
    parts.push(`${type.type}: ${[...new Set(values)].sort().join(', ')}`);
  }
  // A refused submission is not scored: its tables and credits decide nothing.
  const refused = parts.filter((x) => x.startsWith('reject:'));
  return refused.length > 0 ? refused : parts;
}

function valueOf(pack: YearPack, name: string | undefined): string {
  const v = name === undefined ? undefined : pack.parameters.get(name)?.value;
  return v === null || v === undefined ? 'none' : String(v);
}

export type FindingKind = 'gap' | 'ambiguity' | 'dead-rule';

/** A finding about one year: the rules (by name and the year that set them) and an example. */
export interface Finding {
  kind: FindingKind;
  year: number;
  message: string;
  /** The rules concerned; none for a gap. */
  rules: { name: string; year: number }[];
  /** How many combinations show it (0 for a dead rule), and one of them. */
  combinations: number;
  example?: Combination;
}

/** Decisions that change from the parent year to this one, grouped by the parts that differ. */
export interface DecisionChange {
  /** The parts of the parent's decision this year's lacks, and those it adds. */
  before: string[];
  after: string[];
  combinations: number;
  example: Combination;
}

export interface CheckReport {
  year: number;
  /** The facts the rules read, and how many of their combinations a submission can produce. */
  facts: (keyof Facts)[];
  combinations: number;
  findings: Finding[];
  /** Against the year it extends (when checked as a draft). */
  changes?: { against: number; combinations: number; changed: number; groups: DecisionChange[] };
}

/** Checks a year's rules over every combination of the facts they read (and, given its parent, what changes). */
export function checkPack(pack: YearPack, parent?: YearPack): CheckReport {
  const facts = readFacts(pack);
  const combos = combinations(pack, facts);
  const rules = compileRules(pack);
  const fired = new Map<Rule, number>(pack.rules.map((r) => [r, 0]));
  const gaps = new Map<string, { count: number; example: Combination }>();
  const ambiguities = new Map<string, { rules: Rule[]; count: number; example: Combination }>();
  for (const combo of combos) {
    const list = firedFor(rules, combo);
    for (const r of list) fired.set(r, fired.get(r)! + 1);
    for (const type of Object.values(EVENT_TYPES)) {
      if (!type.exclusive) continue;
      const of = list.filter((r) => r.event.type === type.type);
      if (of.length === 0) {
        if (type.exclusive.required) tally(gaps, type.type, combo, () => ({}));
        continue;
      }
      const top = of.filter((r) => (r.priority ?? 1) === (of[0].priority ?? 1));
      if (new Set(top.map(type.exclusive.outcome)).size > 1) {
        tally(ambiguities, top.map((r) => r.name).join(' '), combo, () => ({ rules: top }));
      }
    }
  }
  const ref = (r: Rule) => ({ name: r.name, year: r.year });
  const findings: Finding[] = [
    ...[...gaps].map(([type, g]): Finding => ({
      kind: 'gap', year: pack.year, rules: [], combinations: g.count, example: g.example,
      message: `no rule picks a ${type} for ${g.count} combination${g.count === 1 ? '' : 's'} of facts, e.g. ${describe(g.example)}: a submission like it cannot be scored`,
    })),
    ...[...ambiguities.values()].map((a): Finding => ({
      kind: 'ambiguity', year: pack.year, rules: a.rules.map(ref), combinations: a.count, example: a.example,
      message: `${a.rules.map((r) => r.name).join(' and ')} fire together at priority ${a.rules[0].priority ?? 1} with different outcomes (${a.rules.map((r) => `${r.name}: ${EVENT_TYPES[r.event.type].exclusive!.outcome(r)}`).join('; ')}) for ${a.count} combination${a.count === 1 ? '' : 's'}, e.g. ${describe(a.example)}; only the order of the file decides: give one a higher priority`,
    })),
    ...[...fired].filter(([, n]) => n === 0).map(([r]): Finding => ({
      kind: 'dead-rule', year: pack.year, rules: [ref(r)], combinations: 0,
      message: `${r.name} fires for no submission: its conditions hold for none of the ${combos.length} combinations of the facts the year's rules read`,
    })),
  ];
  const report: CheckReport = { year: pack.year, facts, combinations: combos.length, findings };
  if (parent) report.changes = changesAgainst(parent, pack);
  return report;
}

function tally<T extends object>(into: Map<string, T & { count: number; example: Combination }>, key: string, combo: Combination, make: () => T): void {
  const seen = into.get(key);
  if (seen) seen.count++;
  else into.set(key, { ...make(), count: 1, example: combo });
}

/** The decisions of `pack` against `parent`'s over every combination of the facts either reads. */
function changesAgainst(parent: YearPack, pack: YearPack): NonNullable<CheckReport['changes']> {
  const facts = [...new Set([...readFacts(parent), ...readFacts(pack)])].sort();
  const combos = combinations(pack, facts);
  const before = compileRules(parent);
  const after = compileRules(pack);
  const groups = new Map<string, DecisionChange>();
  let changed = 0;
  for (const combo of combos) {
    const from = outcomeOf(parent, firedFor(before, combo));
    const to = outcomeOf(pack, firedFor(after, combo));
    const lost = from.filter((x) => !to.includes(x));
    const gained = to.filter((x) => !from.includes(x));
    if (lost.length === 0 && gained.length === 0) continue;
    changed++;
    const key = `${lost.join('; ')} → ${gained.join('; ')}`;
    const g = groups.get(key);
    if (g) g.combinations++;
    else groups.set(key, { before: lost, after: gained, combinations: 1, example: combo });
  }
  return { against: parent.year, combinations: combos.length, changed, groups: [...groups.values()].sort((a, b) => b.combinations - a.combinations) };
}

/** `entityType = group, pcmh = true, …`: a combination in words. */
export function describe(combo: Combination): string {
  return Object.entries(combo).map(([f, v]) => `${f} = ${String(v)}`).join(', ');
}

/** One class of a decision table: the combinations for which the same rules fire. */
export interface DecisionClass {
  /** Per fact read, the values it takes in the class (all of its values: the fact does not matter). */
  facts: Partial<Record<keyof Facts, string[]>>;
  combinations: number;
  /** The rules that fire, highest priority first, and what they decide (outcomeOf). */
  rules: string[];
  outcome: string[];
}

/** A year's decision table: its combinations grouped by the rules that fire, largest class first. */
export function decisionTable(pack: YearPack): { year: number; facts: (keyof Facts)[]; combinations: number; classes: DecisionClass[] } {
  const facts = readFacts(pack);
  const combos = combinations(pack, facts);
  const rules = compileRules(pack);
  const domain = new Map(facts.map((f) => [f, new Set(combos.map((c) => String(c[f])))]));
  const classes = new Map<string, { fired: Rule[]; combos: Combination[] }>();
  for (const combo of combos) {
    const fired = firedFor(rules, combo);
    const key = fired.map((r) => r.name).join(' ');
    const c = classes.get(key);
    if (c) c.combos.push(combo);
    else classes.set(key, { fired, combos: [combo] });
  }
  const rows = [...classes.values()].map(({ fired, combos: members }): DecisionClass => {
    const values: DecisionClass['facts'] = {};
    for (const f of facts) {
      const taken = [...new Set(members.map((m) => String(m[f])))].sort();
      if (taken.length < domain.get(f)!.size) values[f] = taken;
    }
    return { facts: values, combinations: members.length, rules: fired.map((r) => r.name), outcome: outcomeOf(pack, fired) };
  });
  return { year: pack.year, facts, combinations: combos.length, classes: rows.sort((a, b) => b.combinations - a.combinations) };
}
