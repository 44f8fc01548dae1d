// How values read on the page: weights, parameter values (numbers, points tables, weight
// tables), signed deltas, activity ID order.
import type { Weight } from './types';

export { withUnit } from '../../engine/units.js';

export const WEIGHT_LABEL: Record<string, string> = { high: 'high', medium: 'medium', none: 'unweighted' };

export function weightLabel(w: Weight | string | undefined): string {
  return w ? (WEIGHT_LABEL[w] ?? w) : 'unweighted';
}

export function signed(n: number, digits = 2): string {
  const r = Math.round(n * 10 ** digits) / 10 ** digits;
  return r > 0 ? `+${r}` : String(r);
}

export function num(n: number | undefined, digits = 2): string {
  if (n === undefined) return '–';
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A parameter value on one line: 40; medium 10, high 20; a share as a percent. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (isRecord(v)) {
    return Object.entries(v).map(([k, x]) => (isRecord(x) ? `${k}: (${valueText(x)})` : `${k} ${valueText(x)}`)).join(', ');
  }
  return JSON.stringify(v);
}

/** A category weight table: row → { quality, cost, ia, pi }. */
export function isWeightTable(v: unknown): v is Record<string, Record<string, number>> {
  return isRecord(v) && Object.values(v).every((row) => isRecord(row) && 'ia' in row);
}

/** IA_PM_2 before IA_PM_10: the prefix, then the number. */
export function compareIds(a: string, b: string): number {
  const m = /^(.*?)(\d+)?$/;
  const [, pa, na] = m.exec(a)!;
  const [, pb, nb] = m.exec(b)!;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return Number(na ?? -1) - Number(nb ?? -1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
