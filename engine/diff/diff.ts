import { basename } from 'node:path';
import type { PackSet } from '../pack/load.js';
import { canonicalJson } from '../pack/canonical-json.js';
import { compareIds } from '../pack/materialize.js';
import { packOf } from '../score/score-error.js';
import type { Activity, Parameter, Rule, YearPack } from '../types.js';

// What changed between two materialized years: inventory, suspensions, parameters, rules,
// MVPs and subcategories. Years need not be adjacent: the two packs are compared directly,
// and only renumberings are followed through the years between them.

/** Which kind of field an activity change touches; `programs` changes are listed apart (programsChanged). */
export type FieldGroup = 'weight' | 'title' | 'subcategory' | 'description' | 'flags' | 'programs' | 'rules';

/** The activity fields compared, in the order changes are listed, with their group. */
export const ACTIVITY_FIELDS: readonly (readonly [keyof Activity, FieldGroup])[] = [
  ['title', 'title'],
  ['weight', 'weight'],
  ['subcategory', 'subcategory'],
  ['description', 'description'],
  ['cehrtEligible', 'flags'],
  ['mvpOnly', 'flags'],
  ['pcmhAttestation', 'flags'],
  ['allowedPrograms', 'programs'],
  ['allowedRegistrationTypes', 'programs'],
  ['minDays', 'rules'],
  ['onceEveryYears', 'rules'],
  ['ruleReference', 'rules'],
];

export interface FieldChange {
  field: string;
  group: FieldGroup;
  /** null when the field is absent on that side. */
  from: unknown;
  to: unknown;
  /** For list fields (allowedPrograms): the entries gained and lost. */
  added?: string[];
  removed?: string[];
}

export interface ActivitySummary {
  id: string;
  title: string;
  weight: string | null;
  subcategory: string | null;
  /** The subcategory's display title. */
  subcategoryTitle?: string;
}

export interface RemovedActivity extends ActivitySummary {
  /** It was suspended (not creditable) in the from year: its removal only makes that final. */
  suspendedInFrom?: boolean;
}

export interface ModifiedActivity {
  id: string;
  title: string;
  changes: FieldChange[];
}

export interface RenumberedActivity {
  from: string;
  to: string;
  title: string;
  /** The IDs in between, when it was renumbered more than once. */
  via: string[];
  /** Every field that differs between the two IDs, program lists included. */
  changes: FieldChange[];
}

export interface SuspensionChange {
  id: string;
  title: string;
  from: { creditable: boolean; date?: string; reference: string } | null;
  to: { creditable: boolean; date?: string; reference: string; note?: string } | null;
}

export interface ParamSide {
  value: unknown;
  /** The schema's unit (points, percent, share, days…). */
  unit: string;
  informational?: boolean;
  /** The pack year that set it. */
  year: number;
  reference?: string;
  note?: string;
  inferred?: boolean;
}

export interface ParameterChange {
  name: string;
  from: ParamSide | null;
  to: ParamSide | null;
  /** For tables: each leaf that differs, by its path inside the value (`none.quality`). */
  details?: { path: string; from: unknown; to: unknown }[];
}

export interface RuleSide {
  year: number;
  description?: string;
  reference?: string;
  note?: string;
  inferred?: boolean;
  priority: number;
  event: Rule['event'];
  conditions: Rule['conditions'];
}

export interface RuleChange {
  name: string;
  from: RuleSide | null;
  to: RuleSide | null;
  /** Which parts differ: conditions, event, priority, description, reference, note. */
  parts?: string[];
}

export interface MvpChange {
  id: string;
  title: string;
  fromTitle?: string;
  clinicalTopic?: string;
  activities?: number;
  /** For an MVP of both years: activities that joined or left it. */
  activitiesAdded?: string[];
  activitiesRemoved?: string[];
}

export interface PackDiff {
  from: { year: number; title: string; file: string; hash: string };
  to: { year: number; title: string; file: string; hash: string };
  activities: {
    added: ActivitySummary[];
    removed: RemovedActivity[];
    renumbered: RenumberedActivity[];
    /** Activities of both years with a change other than their program lists; `changes` holds those. */
    modified: ModifiedActivity[];
    /** Activities of both years whose program lists (MVP membership, registration types) changed; `changes` holds those. */
    programsChanged: ModifiedActivity[];
  };
  suspensions: { added: SuspensionChange[]; lifted: SuspensionChange[]; changed: SuspensionChange[] };
  parameters: { added: ParameterChange[]; removed: ParameterChange[]; changed: ParameterChange[]; restated: ParameterChange[] };
  rules: { added: RuleChange[]; removed: RuleChange[]; changed: RuleChange[] };
  mvps: { added: MvpChange[]; removed: MvpChange[]; retitled: MvpChange[]; activitiesChanged: MvpChange[] };
  subcategories: {
    added: { id: string; title: string }[];
    removed: { id: string; title: string }[];
    retitled: { id: string; from: string; to: string }[];
  };
  counts: DiffCounts;
}

/** Each count is the length of the list it names (or the sum of the lists it names). */
export interface DiffCounts {
  activitiesFrom: number;
  activitiesTo: number;
  /** activities.added */
  added: number;
  /** activities.removed */
  removed: number;
  /** activities.renumbered */
  renumbered: number;
  /** activities.modified */
  modified: number;
  /** The entries of activities.modified with a weight change. */
  weightChanges: number;
  /** activities.programsChanged */
  programsChanged: number;
  /** suspensions.added, .lifted, .changed */
  suspensionsAdded: number;
  suspensionsLifted: number;
  suspensionsChanged: number;
  /** parameters.added + .removed + .changed (restated ones are not changes of value). */
  parametersChanged: number;
  /** rules.added + .removed + .changed */
  rulesChanged: number;
  /** mvps.added, .removed */
  mvpsAdded: number;
  mvpsRemoved: number;
}


/** The changes from one year to another (either direction, adjacent or not). */
export function diff(packs: PackSet, fromYear: number, toYear: number): PackDiff {
  return diffPacks(packOf(packs, fromYear, 'from'), packOf(packs, toYear, 'to'), packs);
}

/**
 * The changes between two packs. `others` are the packs whose inventories say how IDs were
 * renumbered (renumberedFrom) in the years between; both packs are always consulted.
 */
export function diffPacks(a: YearPack, b: YearPack, others: Iterable<[number, YearPack]> = []): PackDiff {
  const renumbered = findRenumberings(a, b, [a, b, ...[...others].map(([, p]) => p)]);
  const renumberedFrom = new Set(renumbered.map((r) => r.from));
  const renumberedTo = new Set(renumbered.map((r) => r.to));
  const summary = (pack: YearPack, act: Activity): ActivitySummary => ({
    id: act.id,
    title: act.title,
    weight: act.weight ?? null,
    subcategory: act.subcategory ?? null,
    ...(act.subcategory && pack.subcategories[act.subcategory] ? { subcategoryTitle: pack.subcategories[act.subcategory] } : {}),
  });

  const added = [...b.inventory.values()].filter((x) => !a.inventory.has(x.id) && !renumberedTo.has(x.id)).map((x) => summary(b, x));
  const removed = [...a.inventory.values()]
    .filter((x) => !b.inventory.has(x.id) && !renumberedFrom.has(x.id))
    .map((x): RemovedActivity => ({ ...summary(a, x), ...(a.suspended.get(x.id)?.creditable === false ? { suspendedInFrom: true } : {}) }));
  const modified: ModifiedActivity[] = [];
  const programsChanged: ModifiedActivity[] = [];
  for (const [id, before] of a.inventory) {
    const after = b.inventory.get(id);
    if (!after) continue;
    const changes = activityChanges(before, after);
    const content = changes.filter((c) => c.group !== 'programs');
    const programs = changes.filter((c) => c.group === 'programs');
    if (content.length > 0) modified.push({ id, title: after.title, changes: content });
    if (programs.length > 0) programsChanged.push({ id, title: after.title, changes: programs });
  }
  const suspensions = diffSuspensions(a, b);
  const parameters = diffParameters(a, b);
  const rules = diffRules(a, b);
  const mvps = diffMvps(a, b);
  const counts: DiffCounts = {
    activitiesFrom: a.activities.size,
    activitiesTo: b.activities.size,
    added: added.length,
    removed: removed.length,
    renumbered: renumbered.length,
    modified: modified.length,
    weightChanges: modified.filter((m) => m.changes.some((c) => c.group === 'weight')).length,
    programsChanged: programsChanged.length,
    suspensionsAdded: suspensions.added.length,
    suspensionsLifted: suspensions.lifted.length,
    suspensionsChanged: suspensions.changed.length,
    parametersChanged: parameters.added.length + parameters.removed.length + parameters.changed.length,
    rulesChanged: rules.added.length + rules.removed.length + rules.changed.length,
    mvpsAdded: mvps.added.length,
    mvpsRemoved: mvps.removed.length,
  };

  return {
    from: { year: a.year, title: a.title, file: basename(a.file), hash: a.hash },
    to: { year: b.year, title: b.title, file: basename(b.file), hash: b.hash },
    activities: { added, removed, renumbered, modified, programsChanged },
    suspensions,
    parameters,
    rules,
    mvps,
    subcategories: diffSubcategories(a, b),
    counts,
  };
}

export function activityChanges(before: Activity, after: Activity): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, group] of ACTIVITY_FIELDS) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (canonicalJson(from) === canonicalJson(to)) continue;
    const change: FieldChange = { field, group, from, to };
    if (Array.isArray(from) || Array.isArray(to)) {
      const f = (from ?? []) as string[];
      const t = (to ?? []) as string[];
      change.added = t.filter((x) => !f.includes(x));
      change.removed = f.filter((x) => !t.includes(x));
      // The same entries in another order: not a change.
      if (change.added.length === 0 && change.removed.length === 0 && from !== null && to !== null) continue;
    }
    changes.push(change);
  }
  return changes;
}

/**
 * Renumberings between the two years: an ID of one year only that leads, through the
 * renumberedFrom links of any pack, to an ID of the other year only. Works in both directions.
 */
function findRenumberings(a: YearPack, b: YearPack, packs: YearPack[]): RenumberedActivity[] {
  const previous = new Map<string, string>(); // new ID → the ID it renumbers
  for (const pack of packs) for (const act of pack.inventory.values()) if (act.renumberedFrom) previous.set(act.id, act.renumberedFrom);
  const onlyA = (id: string) => a.inventory.has(id) && !b.inventory.has(id);
  const onlyB = (id: string) => b.inventory.has(id) && !a.inventory.has(id);
  /** The chain back from an ID: [id, its predecessor, …]. */
  const chain = (id: string) => {
    const out = [id];
    for (let cur = previous.get(id); cur && !out.includes(cur); cur = previous.get(cur)) out.push(cur);
    return out;
  };
  const renumbered: RenumberedActivity[] = [];
  const taken = new Set<string>();
  const link = (fromId: string, toId: string, via: string[]) => {
    if (taken.has(fromId) || taken.has(toId)) return;
    taken.add(fromId).add(toId);
    const before = a.inventory.get(fromId)!;
    const after = b.inventory.get(toId)!;
    renumbered.push({ from: fromId, to: toId, title: after.title, via, changes: activityChanges(before, after) });
  };
  for (const id of b.inventory.keys()) {
    if (!onlyB(id)) continue;
    const back = chain(id); // forward in time: the to-year ID renumbers a from-year one
    const i = back.findIndex((x, k) => k > 0 && onlyA(x));
    if (i > 0) link(back[i], id, back.slice(1, i).reverse());
  }
  for (const id of a.inventory.keys()) {
    if (!onlyA(id)) continue;
    const back = chain(id); // backward in time: the from-year ID renumbers a to-year one
    const i = back.findIndex((x, k) => k > 0 && onlyB(x));
    if (i > 0) link(id, back[i], back.slice(1, i));
  }
  return renumbered.sort((x, y) => compareIds(x.from, y.from));
}

function diffSuspensions(a: YearPack, b: YearPack): PackDiff['suspensions'] {
  const side = (s: { creditable: boolean; date?: string; reference: string; note?: string }) => ({
    creditable: s.creditable,
    ...(s.date ? { date: s.date } : {}),
    reference: s.reference,
    ...(s.note ? { note: s.note } : {}),
  });
  const out: PackDiff['suspensions'] = { added: [], lifted: [], changed: [] };
  for (const [id, s] of b.suspended) {
    const before = a.suspended.get(id);
    if (!before) out.added.push({ id, title: s.activity.title, from: null, to: side(s) });
    else if (before.creditable !== s.creditable || before.date !== s.date) out.changed.push({ id, title: s.activity.title, from: side(before), to: side(s) });
  }
  // A suspended activity that is gone from the later year is reported as removed, not lifted.
  for (const [id, s] of a.suspended) {
    if (!b.suspended.has(id) && b.inventory.has(id)) out.lifted.push({ id, title: s.activity.title, from: side(s), to: null });
  }
  return out;
}

/** A parameter as the diff (and compare's causes) show one side of its change. */
export function paramSide(p: Parameter): ParamSide {
  return {
    value: p.value,
    unit: p.unit,
    ...(p.informational ? { informational: true } : {}),
    year: p.year,
    ...(p.reference !== undefined ? { reference: p.reference } : {}),
    ...(p.note !== undefined ? { note: p.note } : {}),
    ...(p.inferred ? { inferred: true } : {}),
  };
}

function diffParameters(a: YearPack, b: YearPack): PackDiff['parameters'] {
  const out: PackDiff['parameters'] = { added: [], removed: [], changed: [], restated: [] };
  const names = [...new Set([...a.parameters.keys(), ...b.parameters.keys()])].sort();
  for (const name of names) {
    const before = a.parameters.get(name);
    const after = b.parameters.get(name);
    if (!before) out.added.push({ name, from: null, to: paramSide(after!) });
    else if (!after) out.removed.push({ name, from: paramSide(before), to: null });
    else if (canonicalJson(before.value) !== canonicalJson(after.value)) {
      const details = leafChanges(before.value, after.value, '');
      out.changed.push({ name, from: paramSide(before), to: paramSide(after), ...(details.length > 1 || details[0]?.path ? { details } : {}) });
    } else if (before.year !== after.year && (before.reference !== after.reference || !!before.inferred !== !!after.inferred)) {
      // The same value set again with a new source (e.g. an INFERRED value now confirmed).
      out.restated.push({ name, from: paramSide(before), to: paramSide(after) });
    }
  }
  return out;
}

/** Leaf by leaf: `none.quality: 50 → 45`; a row present on one side only is one change. */
function leafChanges(from: unknown, to: unknown, path: string): { path: string; from: unknown; to: unknown }[] {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(from) && isObj(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.flatMap((k) => {
      const at = path ? `${path}.${k}` : k;
      if (!(k in from)) return [{ path: at, from: null, to: to[k] }];
      if (!(k in to)) return [{ path: at, from: from[k], to: null }];
      return leafChanges(from[k], to[k], at);
    });
  }
  return canonicalJson(from) === canonicalJson(to) ? [] : [{ path, from: from ?? null, to: to ?? null }];
}

function ruleSide(r: Rule): RuleSide {
  return {
    year: r.year,
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.reference !== undefined ? { reference: r.reference } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.inferred ? { inferred: true } : {}),
    priority: r.priority ?? 1,
    event: r.event,
    conditions: r.conditions,
  };
}

function diffRules(a: YearPack, b: YearPack): PackDiff['rules'] {
  const out: PackDiff['rules'] = { added: [], removed: [], changed: [] };
  const before = new Map(a.rules.map((r) => [r.name, r]));
  const after = new Map(b.rules.map((r) => [r.name, r]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const name of names) {
    const x = before.get(name);
    const y = after.get(name);
    if (!x) out.added.push({ name, from: null, to: ruleSide(y!) });
    else if (!y) out.removed.push({ name, from: ruleSide(x), to: null });
    else {
      const parts = (['conditions', 'event', 'priority', 'description'] as const).filter((k) =>
        canonicalJson(k === 'priority' ? (x.priority ?? 1) : x[k] ?? null) !== canonicalJson(k === 'priority' ? (y.priority ?? 1) : y[k] ?? null));
      // A rule restated with only a new reference or note is listed when its source changed.
      const sourceParts = (['reference', 'note'] as const).filter((k) => (x[k] ?? null) !== (y[k] ?? null));
      if (parts.length > 0 || (x.year !== y.year && sourceParts.length > 0)) {
        out.changed.push({ name, from: ruleSide(x), to: ruleSide(y), parts: [...parts, ...sourceParts] });
      }
    }
  }
  return out;
}

function diffMvps(a: YearPack, b: YearPack): PackDiff['mvps'] {
  const out: PackDiff['mvps'] = { added: [], removed: [], retitled: [], activitiesChanged: [] };
  for (const [id, m] of b.mvps) {
    const before = a.mvps.get(id);
    const base = { id, title: m.title, ...(m.clinicalTopic ? { clinicalTopic: m.clinicalTopic } : {}) };
    if (!before) {
      out.added.push({ ...base, activities: m.activities.length });
      continue;
    }
    if (before.title !== m.title) out.retitled.push({ ...base, fromTitle: before.title });
    const activitiesAdded = m.activities.filter((x) => !before.activities.includes(x));
    const activitiesRemoved = before.activities.filter((x) => !m.activities.includes(x));
    if (activitiesAdded.length || activitiesRemoved.length) out.activitiesChanged.push({ ...base, activities: m.activities.length, activitiesAdded, activitiesRemoved });
  }
  for (const [id, m] of a.mvps) {
    if (!b.mvps.has(id)) out.removed.push({ id, title: m.title, ...(m.clinicalTopic ? { clinicalTopic: m.clinicalTopic } : {}), activities: m.activities.length });
  }
  return out;
}

function diffSubcategories(a: YearPack, b: YearPack): PackDiff['subcategories'] {
  const out: PackDiff['subcategories'] = { added: [], removed: [], retitled: [] };
  for (const [id, title] of Object.entries(b.subcategories)) {
    const before = a.subcategories[id];
    if (before === undefined) out.added.push({ id, title });
    else if (before !== title) out.retitled.push({ id, from: before, to: title });
  }
  for (const [id, title] of Object.entries(a.subcategories)) if (!(id in b.subcategories)) out.removed.push({ id, title });
  return out;
}
