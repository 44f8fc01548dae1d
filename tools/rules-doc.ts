// docs/rules.md: the rules for analysts and integrators, hand-written prose around parts generated
// from the packs (each rule's and parameter's values, sources and confirmed/inferred status, year
// by year), so that the document and the packs cannot drift: test/rules-doc.test.ts fails when
// the file differs from what this renders, or when a rule or parameter has no prose entry.
//
//   npx tsx tools/rules-doc.ts            # rewrites docs/rules.md, keeping its prose
//
// Prose sits between `<!-- prose:KEY -->` and `<!-- /prose -->`; everything else is generated.
// A rule or parameter new to the packs gets an empty prose block to fill in; one no pack has any
// more loses its block.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diff } from '../engine/diff/diff.js';
import type { PackSet } from '../engine/pack/load.js';
import { packageRoot } from '../engine/paths.js';
import { formatValue } from '../engine/score/params.js';
import type { Parameter, Rule, YearPack } from '../engine/types.js';
import { withUnit } from '../engine/units.js';

export const RULES_DOC = join(packageRoot, 'docs', 'rules.md');

const PROSE = /<!-- prose:(\S+) -->\n([\s\S]*?)<!-- \/prose -->/g;
/** What an unwritten entry says; the test refuses it. */
export const UNWRITTEN = '(to write: what this means, in words)';

/** The prose blocks of a document, by key. */
export function proseOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(PROSE)].map((m) => [m[1], m[2].trim()]));
}

function prose(blocks: Map<string, string>, key: string): string {
  return `<!-- prose:${key} -->\n${blocks.get(key) || UNWRITTEN}\n<!-- /prose -->`;
}

/** A table cell: no pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** `confirmed`, or `inferred: <the reasoning>`. */
function status(x: { inferred?: boolean; note?: string }): string {
  return x.inferred ? `inferred: ${x.note?.replace(/^INFERRED\b:?\s*/, '') ?? ''}` : 'confirmed';
}

function source(x: { reference?: string; note?: string; inferred?: boolean }): string {
  const parts = [x.reference, x.inferred ? undefined : x.note].filter((p): p is string => !!p);
  return parts.join('; ');
}

const anchor = (kind: 'rule' | 'parameter', name: string) => `${kind}-${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;

/** For each name, the years whose pack sets it (or removes it), in year order. */
function history<T extends { year: number }>(packs: PackSet, items: (p: YearPack) => Map<string, T>): Map<string, { year: number; item?: T }[]> {
  const out = new Map<string, { year: number; item?: T }[]>();
  let before = new Map<string, T>();
  for (const pack of packs.values()) {
    const now = items(pack);
    for (const [name, item] of now) if (item.year === pack.year) out.set(name, [...(out.get(name) ?? []), { year: pack.year, item }]);
    for (const name of before.keys()) if (!now.has(name)) out.set(name, [...(out.get(name) ?? []), { year: pack.year }]);
    before = now;
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const rulesOf = (p: YearPack) => new Map(p.rules.map((r) => [r.name, r]));
const paramsOf = (p: YearPack) => p.parameters;

function ruleSection(name: string, entries: { year: number; item?: Rule }[], blocks: Map<string, string>): string {
  const rows = entries.map(({ year, item }) => item
    ? [String(year), item.description, `${item.event.type}${item.event.params.code ? ` ${item.event.params.code}` : ''}`, source(item), status(item)]
    : [String(year), 'removed', '', '', '']);
  return [`<a id="${anchor('rule', name)}"></a>`, '', `### \`${name}\``, '', prose(blocks, `rule:${name}`), '', table(['Set in', 'What', 'Event', 'Source', 'Status'], rows)].join('\n');
}

function parameterSection(name: string, entries: { year: number; item?: Parameter }[], blocks: Map<string, string>): string {
  const last = [...entries].reverse().find((e) => e.item)?.item;
  const unit = last ? ` (${last.unit}${last.informational ? ', informational: no rule reads it' : ''})` : '';
  const rows = entries.map(({ year, item }) => item
    ? [String(year), withUnit(formatValue(item.value ?? 'none'), item.value, item.unit), source(item), status(item)]
    : [String(year), 'removed', '', '']);
  return [`<a id="${anchor('parameter', name)}"></a>`, '', `### \`${name}\`${unit}`, '', prose(blocks, `parameter:${name}`), '', table(['Set in', 'Value', 'Source', 'Status'], rows)].join('\n');
}

/** The activities whose own description sets a period or frequency, from the year it starts. */
function activityRules(packs: PackSet): string {
  const rows: string[][] = [];
  const seen = new Map<string, string>();
  for (const pack of packs.values()) {
    for (const a of pack.inventory.values()) {
      const rule = a.minMonths ? `at least ${a.minMonths} calendar months` : a.minDays ? `at least ${a.minDays} days` : a.onceEveryYears ? `once every ${a.onceEveryYears} years` : a.mvpOnly ? 'counts only in an MVP' : undefined;
      if (!rule) continue;
      const key = `${a.id} ${rule}`;
      if (seen.has(key)) continue;
      seen.set(key, a.id);
      const years = [...packs.values()].filter((p) => {
        const x = p.inventory.get(a.id);
        return x && x.minMonths === a.minMonths && x.minDays === a.minDays && x.onceEveryYears === a.onceEveryYears && x.mvpOnly === a.mvpOnly;
      }).map((p) => p.year);
      rows.push([a.id, rule, `${years[0]}-${years.at(-1)}`, a.ruleReference ?? '']);
    }
  }
  return table(['Activity', 'Rule', 'Years', 'Source'], rows);
}

function sources(packs: PackSet): string {
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const pack of packs.values()) {
    for (const s of Object.values(pack.sources)) {
      if (seen.has(s.citation)) continue;
      seen.add(s.citation);
      rows.push([String(pack.year), s.citation, s.title ?? '']);
    }
  }
  return table(['First cited', 'Citation', 'What'], rows);
}

function yearSection(pack: YearPack, packs: PackSet, blocks: Map<string, string>): string {
  const lines = [`### ${pack.year}`, '', prose(blocks, `year:${pack.year}`), ''];
  const before = pack.extends === null ? undefined : packs.get(pack.extends);
  const facts = [`\`rulepacks/${pack.year}.yaml\`: ${pack.activities.size} attestable activities`];
  if (before) {
    const c = diff(packs, before.year, pack.year).counts;
    facts.push(`${c.added} added, ${c.removed} removed, ${c.weightChanges} reweighted, ${c.suspensionsAdded} suspended since ${before.year}`);
  }
  if (pack.mvps.size) facts.push(`${pack.mvps.size} MVPs`);
  lines.push(`${facts.join('; ')}.`, '');
  const link = (kind: 'rule' | 'parameter', name: string) => `[\`${name}\`](#${anchor(kind, name)})`;
  const set = (xs: { name: string; year: number; inferred?: boolean }[], kind: 'rule' | 'parameter') =>
    xs.filter((x) => x.year === pack.year).map((x) => `${link(kind, x.name)}${x.inferred ? ' (inferred)' : ''}`);
  const gone = (names: string[], kind: 'rule' | 'parameter') => names.map((n) => link(kind, n));
  const rules = set(pack.rules, 'rule');
  const removed = before ? gone(before.rules.filter((r) => !pack.rules.some((x) => x.name === r.name)).map((r) => r.name), 'rule') : [];
  const params = set([...pack.parameters.values()], 'parameter');
  if (rules.length) lines.push(`- Rules set: ${rules.join(', ')}`);
  if (removed.length) lines.push(`- Rules removed: ${removed.join(', ')}`);
  if (params.length) lines.push(`- Parameters set: ${params.join(', ')}`);
  return lines.join('\n');
}

/** docs/rules.md for these packs, keeping the prose of `current`. */
export function renderRulesDoc(packs: PackSet, current: string): string {
  const blocks = proseOf(current);
  const parts = [
    '# MIPS Improvement Activities: the rules, year by year',
    '',
    '<!-- Generated by tools/rules-doc.ts from rulepacks/ and the prose blocks below; edit the prose, then run npx tsx tools/rules-doc.ts. -->',
    '',
    prose(blocks, 'intro'),
    '',
    '## Sources',
    '',
    prose(blocks, 'sources'),
    '',
    sources(packs),
    '',
    '## How a score is computed',
    '',
    prose(blocks, 'model'),
    '',
    '## Year by year',
    '',
    ...[...packs.values()].flatMap((p) => [yearSection(p, packs, blocks), '']),
    '## Activity-specific rules',
    '',
    prose(blocks, 'activity-rules'),
    '',
    activityRules(packs),
    '',
    '## The rules',
    '',
    prose(blocks, 'rules'),
    '',
    ...[...history(packs, rulesOf)].flatMap(([name, entries]) => [ruleSection(name, entries, blocks), '']),
    '## The parameters',
    '',
    prose(blocks, 'parameters'),
    '',
    ...[...history(packs, paramsOf)].flatMap(([name, entries]) => [parameterSection(name, entries, blocks), '']),
  ];
  return `${parts.join('\n').trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { loadPacks } = await import('../engine/pack/load.js');
  const current = (() => {
    try {
      return readFileSync(RULES_DOC, 'utf8');
    } catch {
      return '';
    }
  })();
  writeFileSync(RULES_DOC, renderRulesDoc(loadPacks(), current));
  console.log(`wrote ${RULES_DOC}`);
}
