import type { Parameter, YearPack } from '../types.js';

/** A parameter of the year, by name; the pack loader guarantees the names rules use exist. */
export function param(pack: YearPack, name: string): Parameter {
  const p = pack.parameters.get(name);
  if (!p) throw new Error(`${pack.file}: parameter ${name} is not set in ${pack.year} or any year it extends`);
  return p;
}

export function paramValue<T>(pack: YearPack, name: string): T {
  return param(pack, name).value as T;
}

const descriptions = new WeakMap<Parameter, string>();

/** `name@year → value`, as explanations quote a parameter (its whole value: built once). */
export function describeParam(p: Parameter, value: unknown = p.value): string {
  if (value !== p.value) return `${p.name}@${p.year} → ${formatValue(value)}`;
  let text = descriptions.get(p);
  if (text === undefined) {
    text = `${p.name}@${p.year} → ${formatValue(value)}`;
    descriptions.set(p, text);
  }
  return text;
}

/** `medium 10, high 20`; a nested table row as `none (quality 30, cost 30, ia 15, pi 25)`; a list as `a, b`. */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => (v !== null && typeof v === 'object' ? `${k} (${formatValue(v)})` : `${k} ${formatValue(v)}`))
      .join(', ');
  }
  return String(value);
}

/** A parameter as a result quotes it: what compare and impact read of the parameters behind an outcome. */
export interface ParameterRead {
  name: string;
  year: number;
  value: unknown;
  unit: string;
}

const reads = new WeakMap<Parameter, ParameterRead>();

/** The parameter as read, built once and frozen: results share it. */
export function parameterRead(p: Parameter): ParameterRead {
  let read = reads.get(p);
  if (!read) {
    read = Object.freeze({ name: p.name, year: p.year, value: p.value, unit: p.unit });
    reads.set(p, read);
  }
  return read;
}
