// An activity through the years, computed from the materialized packs alone: when it was added,
// how its weight, title and other fields changed, when it was suspended or removed. An activity
// that names its earlier ID (renumberedFrom) is followed across the renumbering, both ways.
import type { PackSet } from './pack/load.js';
import { compareIds } from './pack/materialize.js';
import type { Activity, Weight } from './types.js';

export type HistoryEventType =
  | 'added' | 'removed' | 'renumbered' | 'weightChanged' | 'titleChanged' | 'subcategoryChanged' | 'modified' | 'suspended';

export interface HistoryEvent {
  year: number;
  type: HistoryEventType;
  /** The ID the event is about; after a renumbering, the new one. */
  id: string;
  from?: unknown;
  to?: unknown;
  /** modified: the other fields that changed. */
  fields?: string[];
  creditable?: boolean;
  date?: string;
  reference?: string;
  note?: string;
}

export interface YearState {
  year: number;
  id: string;
  title: string;
  weight: Weight;
  subcategory: string | null;
  attestable: boolean;
  suspended?: boolean;
}

export interface ActivityHistory {
  id: string;
  /** Every ID of the activity, oldest first. */
  ids: string[];
  years: YearState[];
  events: HistoryEvent[];
}

/** Fields with events of their own, and those that identify rather than describe. */
const OWN_EVENTS = new Set(['id', 'renumberedFrom', 'weight', 'title', 'subcategory']);

const links = new WeakMap<PackSet, Map<string, Set<string>>>();

/** Renumbering links in both directions, across every year. */
function renumberingLinks(packs: PackSet): Map<string, Set<string>> {
  let found = links.get(packs);
  if (found) return found;
  found = new Map();
  const link = (a: string, b: string) => {
    if (!found!.has(a)) found!.set(a, new Set());
    found!.get(a)!.add(b);
  };
  for (const pack of packs.values()) {
    for (const a of pack.inventory.values()) {
      if (a.renumberedFrom && a.renumberedFrom !== a.id) {
        link(a.id, a.renumberedFrom);
        link(a.renumberedFrom, a.id);
      }
    }
  }
  links.set(packs, found);
  return found;
}

/** The history of an activity ID, or undefined when no year has it (nor any ID it was renumbered from or to). */
export function activityHistory(packs: PackSet, id: string): ActivityHistory | undefined {
  const graph = renumberingLinks(packs);
  const chain = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const next of graph.get(queue.shift()!) ?? []) {
      if (!chain.has(next)) {
        chain.add(next);
        queue.push(next);
      }
    }
  }

  const years: YearState[] = [];
  const events: HistoryEvent[] = [];
  const firstSeen = new Map<string, number>();
  let previous = new Map<string, Activity>();
  let previousSuspended = new Set<string>();
  for (const pack of packs.values()) {
    const current = new Map<string, Activity>();
    for (const cid of chain) {
      const a = pack.inventory.get(cid);
      if (a) current.set(cid, a);
    }
    const handled = new Set<string>();
    const event = (type: HistoryEventType, eventId: string, rest: Partial<HistoryEvent> = {}) => events.push({ year: pack.year, type, id: eventId, ...rest });
    const compare = (before: Activity, after: Activity) => {
      if (before.weight !== after.weight) event('weightChanged', after.id, { from: before.weight, to: after.weight });
      if (before.title !== after.title) event('titleChanged', after.id, { from: before.title, to: after.title });
      if (before.subcategory !== after.subcategory) event('subcategoryChanged', after.id, { from: before.subcategory, to: after.subcategory });
      const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => !OWN_EVENTS.has(k) && JSON.stringify(before[k as keyof Activity]) !== JSON.stringify(after[k as keyof Activity]))
        .sort();
      if (fields.length > 0) event('modified', after.id, { fields });
    };

    for (const [cid, a] of [...current].sort(([x], [y]) => compareIds(x, y))) {
      if (previous.has(cid)) {
        compare(previous.get(cid)!, a);
        continue;
      }
      const from = a.renumberedFrom;
      if (from && previous.has(from) && !current.has(from)) {
        event('renumbered', cid, { from, to: cid });
        compare(previous.get(from)!, a);
        handled.add(from);
      } else {
        event('added', cid);
      }
    }
    for (const cid of [...previous.keys()].sort(compareIds)) {
      if (!current.has(cid) && !handled.has(cid)) event('removed', cid);
    }

    const suspendedNow = new Set<string>();
    for (const [cid, a] of current) {
      const s = pack.suspended.get(cid);
      if (s) {
        suspendedNow.add(cid);
        if (!previousSuspended.has(cid)) {
          event('suspended', cid, {
            creditable: s.creditable,
            ...(s.date !== undefined ? { date: s.date } : {}),
            reference: s.reference,
            ...(s.note !== undefined ? { note: s.note } : {}),
          });
        }
      }
      if (!firstSeen.has(cid)) firstSeen.set(cid, pack.year);
      years.push({
        year: pack.year,
        id: cid,
        title: a.title,
        weight: a.weight,
        subcategory: a.subcategory,
        attestable: pack.activities.has(cid),
        ...(s ? { suspended: true } : {}),
      });
    }
    previous = current;
    previousSuspended = suspendedNow;
  }
  if (years.length === 0) return undefined;
  years.sort((a, b) => a.year - b.year || compareIds(a.id, b.id));
  const ids = [...firstSeen.keys()].sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)! || compareIds(a, b));
  return { id, ids, years, events };
}
