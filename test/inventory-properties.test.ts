// Inventory inheritance, checked on synthetic packs: random sequences of valid changes over
// several years materialize to what applying the changes one by one to a plain Map gives.

import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatPackError } from '../engine/pack/errors.js';
import { validatePacks, type PackResult } from '../engine/pack/load.js';
import { compareIds } from '../engine/pack/materialize.js';
import type { Activity, ActivityChange, Suspension } from '../engine/types.js';

const FIRST = 2017;
/** IA_T_2 sorts before IA_T_10: the pool exercises natural ID order. */
const ID_POOL = Array.from({ length: 14 }, (_, i) => `IA_T_${i + 1}`);
const SUBCATEGORIES = { alpha: 'Alpha', betaGamma: 'Beta Gamma' };

// Text with characters YAML must quote or escape (no tabs: packs reject raw tabs).
const text = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', ':', '#', '-', '"', "'", '•', '’', '\n', '[', '{'), minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== '');
const programs = fc.uniqueArray(fc.constantFrom('mips', 'app1', 'G0053'), { maxLength: 3 });

type Fields = Omit<Activity, 'id'>;
const fieldsArb: fc.Arbitrary<Fields> = fc.record({
  title: text,
  subcategory: fc.constantFrom('alpha', 'betaGamma', null),
  weight: fc.constantFrom('medium', 'high', null),
  description: text,
  cehrtEligible: fc.boolean(),
  allowedPrograms: programs,
  minDays: fc.integer({ min: 1, max: 366 }),
}, { requiredKeys: ['title', 'subcategory', 'weight'] }) as fc.Arbitrary<Fields>;

/** A modification: only some fields; null clears a field (but is a value for weight and subcategory). */
const changeArb: fc.Arbitrary<Omit<ActivityChange, 'id'>> = fc.record({
  title: text,
  subcategory: fc.constantFrom('alpha', 'betaGamma', null),
  weight: fc.constantFrom('medium', 'high', null),
  description: text,
  cehrtEligible: fc.option(fc.boolean()),
  allowedPrograms: fc.option(programs),
  minDays: fc.option(fc.integer({ min: 1, max: 366 })),
}, { requiredKeys: [] }).filter((c) => Object.keys(c).length > 0) as fc.Arbitrary<Omit<ActivityChange, 'id'>>;

/** One year's changes, abstractly: indexes are resolved against the inventory of the time. */
const yearOpArb = fc.record({
  remove: fc.array(fc.nat(), { maxLength: 3 }),
  add: fc.array(fc.tuple(fc.nat(), fieldsArb), { maxLength: 3 }),
  modify: fc.array(fc.tuple(fc.nat(), changeArb), { maxLength: 4 }),
});

type Model = Map<string, Activity>;
const KEEPS_NULL = new Set(['weight', 'subcategory']);

/** The intended semantics, stated plainly: remove, add, then modify field by field. */
function applyToModel(model: Model, removed: string[], added: Activity[], modified: ActivityChange[]): Model {
  const next = new Map([...model].map(([id, a]) => [id, { ...a }]));
  for (const id of removed) next.delete(id);
  for (const a of added) next.set(a.id, { ...a });
  for (const { id, ...change } of modified) {
    const a = next.get(id)! as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(change)) {
      if (v === null && !KEEPS_NULL.has(k)) delete a[k];
      else a[k] = v;
    }
  }
  return next;
}

function basePack(activities: Activity[]): object {
  return {
    year: FIRST,
    title: 'Synthetic base',
    sources: { t: { citation: 'property test' } },
    subcategories: SUBCATEGORIES,
    mvps: { G0053: { title: 'Synthetic MVP' } },
    inventory: { activities },
  };
}

function childPack(year: number, inventory: { removed?: string[]; added?: Activity[]; modified?: ActivityChange[]; suspended?: Suspension[] }): object {
  const inv = Object.fromEntries(Object.entries(inventory).filter(([, v]) => v && v.length > 0));
  return { year, extends: year - 1, title: `Synthetic ${year}`, sources: { t: { citation: 'property test' } }, inventory: inv };
}

function materializeAll(packs: object[]): PackResult[] {
  const results = validatePacks(packs.map((p) => ({ file: `${(p as { year: number }).year}.yaml`, text: stringify(p) })));
  const errors = results.flatMap((r) => r.errors);
  if (errors.length > 0) throw new Error(errors.map(formatPackError).join('\n'));
  return results.sort((a, b) => a.year! - b.year!);
}

function expectSameInventory(actual: Map<string, Activity>, model: Model, year: number): void {
  expect([...actual.keys()], `${year} IDs`).toEqual([...model.keys()].sort(compareIds));
  for (const [id, a] of model) expect(actual.get(id), `${year} ${id}`).toEqual(a);
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

describe('inventory inheritance (property)', () => {
  it('materializing a chain of years equals applying each year\'s changes to a Map', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ID_POOL), { maxLength: 6 }),
        fc.array(fieldsArb, { minLength: 6, maxLength: 6 }),
        fc.array(yearOpArb, { minLength: 1, maxLength: 4 }),
        (baseIds, baseFields, years) => {
          const base = baseIds.map((id, i): Activity => ({ id, ...baseFields[i] }));
          let model: Model = new Map(base.map((a) => [a.id, a]));
          const packs: object[] = [basePack(base)];
          const models: Model[] = [model];

          years.forEach((op, i) => {
            const year = FIRST + i + 1;
            const present = [...model.keys()].sort(compareIds);
            const removed = [...new Set(op.remove.map((n) => pick(present, n)!).filter(Boolean))].sort(compareIds);
            const remaining = present.filter((id) => !removed.includes(id));
            // New IDs only: never an ID present or removed this very year.
            let free = ID_POOL.filter((id) => !model.has(id));
            const added: Activity[] = [];
            for (const [n, fields] of op.add) {
              const id = pick(free, n);
              if (!id) break;
              free = free.filter((f) => f !== id);
              added.push({ id, ...fields });
            }
            const modified: ActivityChange[] = [];
            for (const [n, change] of op.modify) {
              const candidates = remaining.filter((id) => !modified.some((m) => m.id === id));
              const id = pick(candidates, n);
              if (id) modified.push({ id, ...change });
            }
            model = applyToModel(model, removed, added, modified);
            models.push(model);
            packs.push(childPack(year, { removed, added, modified }));
          });

          const results = materializeAll(packs);
          results.forEach((r, i) => {
            expectSameInventory(r.pack!.inventory, models[i], r.year!);
            expect(r.pack!.activities.size).toBe(models[i].size); // nothing suspended
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('removing an activity in one year and re-adding it with the same fields the next restores it exactly', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: 1, maxLength: 6 }),
        fc.array(fieldsArb, { minLength: 6, maxLength: 6 }),
        fc.nat(),
        fc.option(changeArb, { nil: undefined }),
        fc.boolean(),
        (ids, fields, n, change, suspendFirst) => {
          const base = ids.map((id, i): Activity => ({ id, ...fields[i] }));
          const target = pick(ids, n)!;
          // 2018: optionally modify it, and optionally suspend it (not creditable).
          const y2018 = childPack(2018, {
            modified: change ? [{ id: target, ...change }] : [],
            suspended: suspendFirst ? [{ id: target, creditable: false, reference: 'property test' }] : [],
          });
          const before = applyToModel(new Map(base.map((a) => [a.id, a])), [], [], change ? [{ id: target, ...change }] : []);
          const restored = before.get(target)!;
          const packs = [basePack(base), y2018, childPack(2019, { removed: [target] }), childPack(2020, { added: [restored] })];
          const [, p2018, p2019, p2020] = materializeAll(packs).map((r) => r.pack!);

          expectSameInventory(p2018.inventory, before, 2018);
          expect(p2019.inventory.has(target)).toBe(false);
          expect(p2019.suspended.has(target)).toBe(false);
          expectSameInventory(p2020.inventory, before, 2020);
          expect(p2020.inventory.get(target)).toEqual(p2018.inventory.get(target));
          // Re-added, it is a new activity: attestable, whatever the suspension before.
          expect(p2020.activities.has(target)).toBe(true);
          expect(p2020.suspended.has(target)).toBe(false);
          expect(p2018.activities.has(target)).toBe(!suspendFirst);
        },
      ),
      { numRuns: 50 },
    );
  });
});
