// A check's reports and a decision table as text: the lines `mips-ia check` prints, the decision
// table as CSV or Markdown.
import { stringify } from 'csv-stringify/sync';
import type { CheckReport, DecisionClass } from '../rules/check.js';
import { columns, plural } from './text.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Per pack: the facts read and the combinations decided; a draft's changed decisions by group; the time it all took. */
export function formatCheck(checked: readonly { file: string; report: CheckReport }[], ms: number): string[] {
  const out = columns(checked.map(({ file, report: r }) => [
    file, String(r.year), plural(r.facts.length, 'fact'), `${fmt(r.combinations)} combinations`,
    r.findings.length === 0 ? 'clean' : plural(r.findings.length, 'finding'),
  ]));
  const total = checked.reduce((n, c) => n + c.report.combinations, 0);
  out.push(`${plural(checked.length, 'pack')}, ${fmt(total)} combinations decided in ${(ms / 1000).toFixed(1)} s (validation included)`);
  for (const { file, report } of checked) {
    const c = report.changes;
    if (!c) continue;
    out.push('', `${file} against ${c.against}: ${fmt(c.changed)} of ${fmt(c.combinations)} decisions change`);
    for (const g of c.groups) {
      out.push(`  ${fmt(g.combinations).padStart(6)}  ${g.before.join('; ') || '(nothing)'} → ${g.after.join('; ') || '(nothing)'}`);
      out.push(`          e.g. ${Object.entries(g.example).map(([f, v]) => `${f} = ${String(v)}`).join(', ')}`);
    }
  }
  return out;
}

function tableRows(facts: readonly string[], classes: readonly DecisionClass[]): string[][] {
  return classes.map((c) => [
    String(c.combinations),
    ...facts.map((f) => c.facts[f as keyof DecisionClass['facts']]?.join(' | ') ?? '*'),
    c.rules.join(', '),
    c.outcome.join('; '),
  ]);
}

/** The decision table as CSV: a row a class, a column a fact (`*`: any value), the rules that fire and the decision. */
export function decisionTableCsv(facts: readonly string[], classes: readonly DecisionClass[]): string {
  return stringify([['combinations', ...facts, 'rules', 'decision'], ...tableRows(facts, classes)]);
}

/** The same as a Markdown table. */
export function decisionTableMarkdown(facts: readonly string[], classes: readonly DecisionClass[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const head = ['combinations', ...facts, 'rules', 'decision'];
  const lines = [head, head.map(() => '---'), ...tableRows(facts, classes)].map((row) => `| ${row.map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
