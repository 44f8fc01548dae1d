// The tables analysts open in a spreadsheet, as CSV (RFC 4180, a header row): a year's activities,
// the changes between two packs, an impact report.
import { stringify } from 'csv-stringify/sync';
import type { Activity } from '../types.js';

const cell = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v));

/** Rows of values under a header; lists become `a; b`, null and undefined empty cells. */
export function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...header], ...rows.map((r) => r.map(cell))]);
}

/** A row an activity. */
export function activitiesCsv(list: readonly Activity[]): string {
  return csv(
    ['id', 'title', 'subcategory', 'weight', 'cehrtEligible', 'mvpOnly', 'allowedPrograms', 'description'],
    list.map((a) => [a.id, a.title, a.subcategory, a.weight, a.cehrtEligible, a.mvpOnly, a.allowedPrograms, a.description]),
  );
}
