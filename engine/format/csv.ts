// The tables analysts open in a spreadsheet, as CSV (RFC 4180, a header row): a year's activities,
// the changes between two packs, an impact report.
import { stringify } from 'csv-stringify/sync';
import type { ActivitySummary, PackDiff, ParamSide, RuleSide, SuspensionChange } from '../diff/diff.js';
import { ruleParts } from '../diff/rule-text.js';
import type { ImpactReport } from '../impact/impact.js';
import { formatValue } from '../score/params.js';
import type { Activity } from '../types.js';
import { withUnit } from '../units.js';

const cell = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v));

/** Rows of values under a header, each as wide as it (short rows end in empty cells); lists become `a; b`, null and undefined empty cells. */
export function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...header], ...rows.map((r) => header.map((_, i) => cell(r[i])))]);
}

/** A row an activity. */
export function activitiesCsv(list: readonly Activity[]): string {
  return csv(
    ['id', 'title', 'subcategory', 'weight', 'cehrtEligible', 'mvpOnly', 'allowedPrograms', 'description'],
    list.map((a) => [a.id, a.title, a.subcategory, a.weight, a.cehrtEligible, a.mvpOnly, a.allowedPrograms, a.description]),
  );
}

const DIFF_HEADER = ['section', 'change', 'id', 'title', 'field', 'from', 'to', 'reference'];

const valueText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : formatValue(v));
const paramText = (side: ParamSide | null, value: unknown = side?.value): string => (side ? withUnit(valueText(value), value, side.unit) : '');
const suspensionText = (s: SuspensionChange['from']): string => (s ? `${s.creditable ? 'creditable' : 'not creditable'}${s.date ? ` from ${s.date}` : ''}` : '');
const summaryText = (a: ActivitySummary): string => `${a.weight ?? 'unweighted'}, ${a.subcategory ?? 'no subcategory'}`;

/**
 * A row per change: an activity added, removed or renumbered (and each field that differs between
 * its two IDs); each field of an activity that
 * changed (programs apart); a suspension; a parameter (a row per leaf of a table); each part of a
 * rule (conditions, event… before and after); an MVP; a subcategory. Restated parameters, whose
 * value does not change, are left out.
 */
export function diffCsv(d: PackDiff): string {
  const rows: unknown[][] = [];
  const { activities: a } = d;
  for (const x of a.added) rows.push(['activity', 'added', x.id, x.title, '', '', summaryText(x), '']);
  for (const x of a.removed) rows.push(['activity', 'removed', x.id, x.title, '', summaryText(x), '', '']);
  for (const x of a.renumbered) {
    rows.push(['activity', 'renumbered', x.to, x.title, 'id', [x.from, ...x.via].join(' → '), x.to, '']);
    for (const c of x.changes) rows.push(['activity', 'renumbered', x.to, x.title, c.field, valueText(c.from), valueText(c.to), '']);
  }
  for (const [change, list] of [['modified', a.modified], ['programs', a.programsChanged]] as const) {
    for (const m of list) for (const c of m.changes) rows.push(['activity', change, m.id, m.title, c.field, valueText(c.from), valueText(c.to), '']);
  }
  for (const [change, list] of Object.entries(d.suspensions)) {
    for (const s of list) rows.push(['suspension', change, s.id, s.title, 'creditable', suspensionText(s.from), suspensionText(s.to), s.to?.reference ?? s.from?.reference]);
  }
  for (const change of ['added', 'removed', 'changed'] as const) {
    for (const p of d.parameters[change]) {
      const reference = p.to?.reference ?? p.from?.reference;
      if (p.details?.length) for (const leaf of p.details) rows.push(['parameter', change, p.name, '', leaf.path, paramText(p.from, leaf.from), paramText(p.to, leaf.to), reference]);
      else rows.push(['parameter', change, p.name, '', '', paramText(p.from), paramText(p.to), reference]);
    }
  }
  for (const [change, list] of Object.entries(d.rules)) {
    for (const r of list) {
      const side = r.to ?? r.from!;
      const parts: [string, unknown, unknown][] = ruleParts(r).map((p) => [p.part, p.from, p.to]);
      for (const part of r.parts ?? []) if (part in side && !parts.some(([name]) => name === part)) parts.push([part, r.from?.[part as keyof RuleSide], r.to?.[part as keyof RuleSide]]);
      for (const [field, from, to] of parts) rows.push(['rule', change, r.name, side.description, field, valueText(from), valueText(to), side.reference]);
    }
  }
  for (const [change, list] of Object.entries(d.mvps)) {
    for (const m of list) {
      const field = change === 'retitled' ? 'title' : change === 'activitiesChanged' ? 'activities' : '';
      const from = change === 'retitled' ? m.fromTitle : change === 'activitiesChanged' ? m.activitiesRemoved?.map((id) => `-${id}`) : '';
      const to = change === 'retitled' ? m.title : change === 'activitiesChanged' ? m.activitiesAdded?.map((id) => `+${id}`) : '';
      rows.push(['mvp', change, m.id, m.title, field, from, to, '']);
    }
  }
  const s = d.subcategories;
  for (const x of s.added) rows.push(['subcategory', 'added', x.id, x.title, '', '', '', '']);
  for (const x of s.removed) rows.push(['subcategory', 'removed', x.id, x.title, '', '', '', '']);
  for (const x of s.retitled) rows.push(['subcategory', 'retitled', x.id, x.to, 'title', x.from, x.to, '']);
  return csv(DIFF_HEADER, rows);
}

const percent = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 10 : '');

/**
 * An impact report as one long table, a row per figure, to filter or pivot by `section`: the two
 * sides compared, the submission counts (percent of the compared, or of all read), the contribution's change, a row per
 * bar of the histogram of point deltas, a row per cause.
 */
export function impactCsv(r: ImpactReport): string {
  const counted = (item: string, n: number, of: number) => ['submissions', item, n, percent(n, of)];
  const rows: unknown[][] = [
    ['comparison', 'from', r.from.label],
    ['comparison', 'to', r.to.label],
    counted('total', r.total, r.total),
    counted('compared', r.compared, r.total),
    counted('unchanged', r.unchanged, r.compared),
    counted('changed', r.changed, r.compared),
    counted('pointsUp', r.up, r.compared),
    counted('pointsDown', r.down, r.compared),
    counted('weightOnly', r.weightOnly, r.compared),
    counted(`missingIn${r.from.year}`, r.missing.from, r.total),
    counted(`missingIn${r.to.year}`, r.missing.to, r.total),
    counted(`refusedIn${r.from.year}Only`, r.refused.fromOnly, r.total),
    counted(`refusedIn${r.to.year}Only`, r.refused.toOnly, r.total),
    counted('refusedInBoth', r.refused.both, r.total),
    counted('invalid', r.invalid, r.total),
    ...Object.entries(r.contribution).map(([item, value]) => ['contribution', item, value]),
    ...r.histogram.map((h) => ['pointDelta', h.delta > 0 ? `+${h.delta}` : String(h.delta), h.count, percent(h.count, r.changed)]),
    ...r.causes.map((c) => ['cause', c.key, c.submissions, percent(c.submissions, r.compared), c.up, c.down, c.refusals, c.summary]),
  ];
  return csv(['section', 'item', 'value', 'percent', 'up', 'down', 'refusals', 'summary'], rows);
}
