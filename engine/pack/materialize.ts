import { createHash } from 'node:crypto';
import type { Activity, Mvp, MvpSource, PackSource, Parameter, Rule, Suspension, YearPack } from '../types.js';
import { EVENT_TYPES } from '../rules/events.js';
import { didYouMean } from '../format/did-you-mean.js';
import { canonicalJson } from './canonical-json.js';
import { parameterMeta } from './parameter-meta.js';
import { MAX_LISTED_ERRORS, type PackError, type PathSegment } from './errors.js';
import type { YamlSource } from './yaml-source.js';

// Resolves one pack against the year it extends, checking what the schema cannot:
// that every ID it adds, removes, modifies or suspends makes sense against its parent.

/** Fields whose null means "no value" rather than "clear the field". */
const NULLABLE_VALUES = new Set(['weight', 'subcategory']);
/** allowedPrograms mixes program names (mips, app1) with MVP ids (G0053, M1366). */
const MVP_ID = /^[GM]\d{4}$/;

/**
 * The latest earlier year whose inventory holds an ID (renumbering may skip years), or
 * undefined; without it, only the parent's inventory is searched.
 */
export type EarlierYearOf = (id: string) => number | undefined;

export function materialize(src: PackSource, yaml: YamlSource, parent: YearPack | undefined, earlierYearOf?: EarlierYearOf): { pack?: YearPack; errors: PackError[] } {
  const errors: PackError[] = [];
  const fail = (code: string, path: PathSegment[], message: string, key?: string) => errors.push(yaml.error(code, path, message, key));
  const inv = src.inventory ?? {};

  if (!parent && !inv.activities) fail('PACK_BASE_INVENTORY', ['inventory'], 'the base pack (no extends) must list the full inventory under inventory.activities');
  if (parent && inv.activities) fail('PACK_BASE_INVENTORY', ['inventory'], `inventory.activities is for the base pack only; a pack extending ${parent.year} lists added, removed and modified`, 'activities');

  const subcategories = { ...parent?.subcategories };
  for (const [id, title] of Object.entries(src.subcategories ?? {})) {
    if (title === null) {
      if (!(id in subcategories)) fail('PACK_NOT_PRESENT', ['subcategories'], `cannot remove subcategory '${id}': it is not in the inventory`, id);
      delete subcategories[id];
    } else subcategories[id] = title;
  }

  const inventory = new Map<string, Activity>(parent?.inventory);
  const suspended = new Map<string, Suspension>(parent ? [...parent.suspended].map(([id, s]) => [id, stripActivity(s)]) : []);
  const touched = new Map<string, PathSegment[]>(); // activities this pack writes, with where

  // The parent's inventory, in messages; the base pack has none.
  const parentInventory = parent ? `the ${parent.year} inventory` : 'the inventory';
  // "did you mean" for an ID that is not there, for as many errors as are listed.
  let suggestions = MAX_LISTED_ERRORS;
  const closest = (id: string, ids: Iterable<string>) => (suggestions-- > 0 ? didYouMean(id, [...ids]) : '');
  const duplicates = new Set<string>(); // "section index" of every repeated entry, reported once here
  const uniqueIds = (list: { id: string }[] | string[] | undefined, section: string) => {
    const seen = new Map<string, number>();
    (list ?? []).forEach((item, i) => {
      const id = typeof item === 'string' ? item : item.id;
      const first = seen.get(id);
      if (first !== undefined) {
        duplicates.add(`${section} ${i}`);
        fail('PACK_DUPLICATE_ID', ['inventory', section, i, ...(typeof item === 'string' ? [] : ['id'])], `${id} is listed twice in inventory.${section}: also at inventory.${section}[${first}]`);
      } else seen.set(id, i);
    });
  };
  for (const section of ['activities', 'added', 'removed', 'modified', 'suspended'] as const) uniqueIds(inv[section], section);

  (inv.activities ?? []).forEach((a, i) => {
    inventory.set(a.id, { ...a });
    touched.set(a.id, ['inventory', 'activities', i]);
  });
  (inv.removed ?? []).forEach((id, i) => {
    if (duplicates.has(`removed ${i}`)) return;
    if (!inventory.has(id)) fail('PACK_NOT_PRESENT', ['inventory', 'removed', i], `cannot remove ${id}: it is not in ${parentInventory}${closest(id, inventory.keys())}`);
    inventory.delete(id);
    suspended.delete(id);
  });
  // allActivities sets a field on every activity of the year: the inherited ones, and the added
  // ones that do not state the field themselves; modified entries may still override it.
  const allActivities = inv.allActivities ?? {};
  for (const [id, a] of inventory) inventory.set(id, applyChange(a, allActivities));
  (inv.added ?? []).forEach((a, i) => {
    if (duplicates.has(`added ${i}`)) return;
    if (inventory.has(a.id)) fail('PACK_ADDED_EXISTS', ['inventory', 'added', i, 'id'], `${a.id} is already in ${parentInventory}; use modified to change it`);
    const defaults = Object.fromEntries(Object.entries(allActivities).filter(([k]) => !(k in a)));
    inventory.set(a.id, applyChange({ ...a }, defaults));
    touched.set(a.id, ['inventory', 'added', i]);
  });
  (inv.modified ?? []).forEach((change, i) => {
    const current = inventory.get(change.id);
    if (!current) return fail('PACK_NOT_PRESENT', ['inventory', 'modified', i, 'id'], `cannot modify ${change.id}: it is not in ${parentInventory} nor added by this pack${closest(change.id, inventory.keys())}`);
    inventory.set(change.id, applyChange(current, change));
    touched.set(change.id, ['inventory', 'modified', i]);
  });
  (inv.suspended ?? []).forEach((s, i) => {
    if (!inventory.has(s.id)) return fail('PACK_NOT_PRESENT', ['inventory', 'suspended', i, 'id'], `cannot suspend ${s.id}: it is not in ${parentInventory} nor added by this pack${closest(s.id, inventory.keys())}`);
    suspended.set(s.id, s);
  });

  const removedSubcategories = Object.entries(src.subcategories ?? {}).filter(([, t]) => t === null).map(([id]) => id);
  for (const [id, a] of inventory) {
    if (a.subcategory === null || a.subcategory in subcategories) continue;
    const where = touched.get(id);
    if (where) fail('PACK_UNKNOWN_SUBCATEGORY', [...where, 'subcategory'], `unknown subcategory '${a.subcategory}' of ${id}; expected one of ${Object.keys(subcategories).join(', ')}`);
    else if (removedSubcategories.includes(a.subcategory)) fail('PACK_UNKNOWN_SUBCATEGORY', ['subcategories'], `subcategory '${a.subcategory}' is removed but ${id} still uses it`, a.subcategory);
  }

  const mvps = new Map<string, MvpSource>(parent ? [...parent.mvps].map(([id, { title, clinicalTopic }]) => [id, { title, clinicalTopic }]) : []);
  for (const [id, mvp] of Object.entries(src.mvps ?? {})) {
    if (mvp === null) {
      if (!mvps.has(id)) fail('PACK_NOT_PRESENT', ['mvps'], `cannot remove MVP ${id}: it is not inherited`, id);
      mvps.delete(id);
    } else mvps.set(id, mvp);
  }
  for (const [id, a] of inventory) {
    for (const program of a.allowedPrograms ?? []) {
      if (!MVP_ID.test(program) || mvps.has(program)) continue;
      const where = touched.get(id);
      if (where) fail('PACK_UNKNOWN_MVP', [...where, 'allowedPrograms'], `${id} names MVP ${program}, which is not among this year's mvps`);
      else fail('PACK_UNKNOWN_MVP', ['mvps'], `${id} (inherited) still names MVP ${program}, which this pack removes or never had`);
    }
  }

  const parameters = new Map<string, Parameter>(parent?.parameters);
  const metaOf = parameterMeta();
  for (const [name, leaf] of parameterLeaves(src.parameters ?? {}, [])) {
    // The schema admits only parameters it annotates, so every name has a unit.
    const { unit, informational } = metaOf.get(name)!;
    parameters.set(name, { name, year: src.year, ...(leaf as object), unit, ...(informational ? { informational } : {}) } as Parameter);
  }

  const rules = new Map<string, Rule>(parent?.rules.map((r) => [r.name, r]));
  for (const [name, rule] of Object.entries(src.rules ?? {})) {
    if (rule === null) {
      if (!rules.has(name)) fail('PACK_NOT_PRESENT', ['rules'], `cannot remove rule '${name}': no such rule is inherited`, name);
      rules.delete(name);
      continue;
    }
    const materialized: Rule = { name, year: src.year, ...rule };
    for (const p of EVENT_TYPES[rule.event.type].check(materialized, parameters)) {
      fail('PACK_UNKNOWN_PARAMETER', ['rules', name, 'event', 'params', p.param], p.message);
    }
    rules.set(name, materialized);
  }

  checkRenumbering(src, inventory, parent, earlierYearOf, fail, closest);
  checkPointsTables(src, inventory, touched, parameters, rules, fail);

  if (errors.length > 0) return { errors };

  const sortedInventory = new Map([...inventory].sort(([a], [b]) => compareIds(a, b)));
  const pack: Omit<YearPack, 'hash'> = {
    year: src.year,
    extends: src.extends ?? null,
    title: src.title,
    file: yaml.file,
    sources: { ...parent?.sources, ...src.sources },
    subcategories,
    mvps: new Map([...mvps].sort(([a], [b]) => a.localeCompare(b)).map(([id, m]): [string, Mvp] => [id, {
      id, ...m, activities: [...sortedInventory.values()].filter((a) => a.allowedPrograms?.includes(id)).map((a) => a.id),
    }])),
    parameters: new Map([...parameters].sort(([a], [b]) => a.localeCompare(b))),
    // A mapping's key order means nothing: rules come in name order (priority orders their effects).
    rules: [...rules.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    inventory: sortedInventory,
    activities: new Map([...sortedInventory].filter(([id]) => suspended.get(id)?.creditable !== false)),
    suspended: new Map([...suspended].map(([id, s]) => [id, { ...s, activity: sortedInventory.get(id)! }])),
  };
  return { pack: { ...pack, hash: packHash(pack) }, errors };
}

type Fail = (code: string, path: PathSegment[], message: string, key?: string) => void;

/**
 * `renumberedFrom` names the same activity under its previous ID: an activity of the parent
 * year or of an earlier one, and no longer in this year's inventory under that ID.
 */
function checkRenumbering(src: PackSource, inventory: Map<string, Activity>, parent: YearPack | undefined, earlierYearOf: EarlierYearOf | undefined, fail: Fail,
  closest: (id: string, ids: Iterable<string>) => string): void {
  // Only where this pack states it: an inherited renumberedFrom was checked in its own year.
  const inv = src.inventory ?? {};
  const stated: [string, string, PathSegment[]][] = [];
  for (const section of ['activities', 'added', 'modified'] as const) {
    (inv[section] ?? []).forEach((a, i) => {
      if (typeof a.renumberedFrom === 'string') stated.push([a.id, a.renumberedFrom, ['inventory', section, i, 'renumberedFrom']]);
    });
  }
  for (const [id, from, path] of stated) {
    if (inventory.get(id)?.renumberedFrom !== from) continue; // overridden by a later entry of this pack
    if (from === id) {
      fail('PACK_RENUMBERED_UNKNOWN', path, `${id} cannot be renumbered from itself`);
      continue;
    }
    const year = parent?.inventory.has(from) ? parent.year : earlierYearOf?.(from);
    if (year === undefined) {
      fail('PACK_RENUMBERED_UNKNOWN', path, `${id} is renumbered from ${from}, which is in no earlier year's inventory${parent ? ` (not in ${parent.year} nor before)${closest(from, [...parent.inventory.keys()].filter((other) => other !== id))}` : ' (a base pack has no earlier year)'}`);
    } else if (inventory.has(from)) {
      fail('PACK_RENUMBERED_UNKNOWN', path, `${id} is renumbered from ${from}, but ${from} is still in the ${src.year} inventory; remove it, or drop renumberedFrom if they are different activities`);
    }
  }
}

/**
 * Every points table a pointsTable rule may pick prices every weight the year's activities carry
 * (null weight: the `unweighted` entry), so that no activity scores undefined points.
 */
function checkPointsTables(src: PackSource, inventory: Map<string, Activity>, touched: Map<string, PathSegment[]>, parameters: Map<string, Parameter>, rules: Map<string, Rule>, fail: Fail): void {
  const weights = new Map<string, string>(); // weight key -> first activity carrying it
  for (const a of [...inventory.values()].sort((x, y) => compareIds(x.id, y.id))) {
    if (a.pcmhAttestation) continue; // full credit, never points
    const key = a.weight ?? 'unweighted';
    if (!weights.has(key)) weights.set(key, a.id);
  }
  const checked = new Set<string>();
  for (const rule of rules.values()) {
    const name = rule.event.type === 'pointsTable' ? rule.event.params.table : undefined;
    const table = name === undefined ? undefined : parameters.get(name);
    if (!table || checked.has(name!)) continue;
    checked.add(name!);
    const value = table.value as Record<string, unknown>;
    const missing = [...weights].filter(([key]) => !(key in value));
    if (missing.length === 0) continue;
    const what = missing.map(([key, id]) => `${key} (e.g. ${id})`).join(', ');
    const message = `${name} has no points for ${what}; it prices ${Object.keys(value).join(', ')}. A year whose activities carry no weight prices them under 'unweighted'`;
    if (table.year === src.year) fail('PACK_POINTS_WEIGHT', ['parameters', ...name!.split('.'), 'value'], message);
    else fail('PACK_POINTS_WEIGHT', weightPath(src, missing[0][1], touched), `${message} (the table is inherited from ${table.year}: restate it)`);
  }
}

/** Where this pack gives an activity its weight: its own entry, allActivities, or nowhere (inherited). */
function weightPath(src: PackSource, id: string, touched: Map<string, PathSegment[]>): PathSegment[] {
  const where = touched.get(id);
  const entry = where && (src.inventory?.[where[1] as 'activities' | 'added' | 'modified']?.[where[2] as number] as object | undefined);
  if (where && entry && 'weight' in entry) return [...where, 'weight'];
  if (src.inventory?.allActivities && 'weight' in src.inventory.allActivities) return ['inventory', 'allActivities', 'weight'];
  return where ?? ['parameters'];
}

function applyChange(a: Activity, change: Partial<Activity>): Activity {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(change)) {
    if (v === null && !NULLABLE_VALUES.has(k)) delete out[k];
    else out[k] = v;
  }
  return out as unknown as Activity;
}

function stripActivity<T extends Suspension>(s: T): Suspension {
  const { id, date, creditable, reference, note } = s;
  return note === undefined ? { id, date, creditable, reference } : { id, date, creditable, reference, note };
}

/** Parameter leaves are the objects that hold a `value`; their name is the dotted path. */
function* parameterLeaves(tree: Record<string, unknown>, path: string[]): Generator<[string, unknown]> {
  for (const [key, node] of Object.entries(tree)) {
    const here = [...path, key];
    if (node !== null && typeof node === 'object' && 'value' in node) yield [here.join('.'), node];
    else if (node !== null && typeof node === 'object') yield* parameterLeaves(node as Record<string, unknown>, here);
  }
}

/** IA_PM_2 before IA_PM_10: CMS's IDs sort by prefix, then number. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The hash covers what scoring reads, not where the file lies. */
function packHash(pack: Omit<YearPack, 'hash'>): string {
  const content = { ...pack, file: undefined };
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}
