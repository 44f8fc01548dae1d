// Plain-text helpers that the CLI's output and the service's text lines (a validation's) share.

/** `1 error`, `3 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Rows as left-aligned columns, two spaces apart; the last column is not padded (no trailing spaces). */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

/** Counts with their word, numbers aligned right: [' 93 activities', '106 activities']. */
export function counts(values: readonly number[], word: string): string[] {
  const width = Math.max(0, ...values.map((n) => String(n).length));
  return values.map((n) => `${String(n).padStart(width)} ${word}`);
}

/** 2017, 2018, 2019, 2021 → "2017-2019, 2021". */
export function formatYears(years: readonly number[]): string {
  const runs: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i++) {
    if (years[i] === years[i - 1] + 1) continue;
    runs.push(start === years[i - 1] ? `${start}` : `${start}-${years[i - 1]}`);
    start = years[i];
  }
  return runs.join(', ');
}
