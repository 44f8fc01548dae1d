import { formatValue } from '../score/params.js';
import { withUnit } from '../units.js';
import type { FieldChange, ParameterChange, ParamSide, PackDiff, RuleChange } from './diff.js';
import { ruleParts } from './rule-text.js';

// A PackDiff as a readable listing (the CLI's default) and as a Markdown changelog an analyst
// can paste into a memo.

const WEIGHT_TABLE = /^categoryWeights\./;

/** `5 activities`, `1 activity`. */
function n(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function short(value: unknown, max = 80): string {
  const text = value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : formatValue(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A field change in one line; long texts say only that they changed. */
function describeChange(c: FieldChange): string {
  if (c.added || c.removed) {
    const parts = [...(c.added ?? []).map((x) => `+${x}`), ...(c.removed ?? []).map((x) => `-${x}`)];
    return `${c.field}: ${parts.join(' ') || 'reordered'}`;
  }
  if (c.field === 'description') {
    const len = (v: unknown) => (typeof v === 'string' ? v.length : 0);
    if (c.from === null) return 'description: added';
    if (c.to === null) return 'description: removed';
    return `description: reworded (${len(c.from)} → ${len(c.to)} characters)`;
  }
  if (c.field === 'title') return `title: "${short(c.from, 200)}" → "${short(c.to, 200)}"`;
  return `${c.field}: ${short(c.from)} → ${short(c.to)}`;
}

function paramValue(side: ParamSide | null): string {
  if (!side) return '(not set)';
  return withUnit(short(side.value, 120), side.value, side.unit);
}

/** Said once per parameter whose edits change no score. */
function informational(x: ParameterChange): string {
  return (x.to ?? x.from)?.informational ? ' (informational: no rule reads it)' : '';
}

function source(side: { reference?: string; note?: string; year: number; inferred?: boolean } | null): string {
  if (!side) return '';
  const text = side.reference ?? side.note ?? '';
  return `${text}${side.inferred ? ' (INFERRED)' : ''} [set in ${side.year}]`;
}

function ruleSummary(r: RuleChange): string {
  const side = r.to ?? r.from!;
  return side.description?.replace(/\.$/, '') ?? `${side.event.type} ${formatValue(side.event.params)}`;
}

/** A rule change's parts as labelled lines: `conditions in 2017`, `event in 2026`; for a rule added or removed, its one side. */
function ruleSides(d: PackDiff, x: RuleChange): { label: string; text: string }[] {
  return ruleParts(x).flatMap((p) => {
    if (p.from === null || p.to === null) return [{ label: p.part, text: (p.from ?? p.to)! }];
    return [{ label: `${p.part} in ${d.from.year}`, text: p.from }, { label: `${p.part} in ${d.to.year}`, text: p.to }];
  });
}

/** How a program list's entries are named: allowedPrograms' bare (`pcf`), another list's with its kind. */
const LIST_KIND: Record<string, [string, string]> = { allowedRegistrationTypes: ['registration type', 'registration types'] };

/**
 * Program list changes (allowedPrograms, allowedRegistrationTypes): entries gained or lost by
 * many activities at once (a new program such as pcf) are one line; the rest each activity's own.
 */
function programSummary(d: PackDiff): { fields: string[]; common: string[]; rows: { id: string; added: string[]; removed: string[] }[] } {
  const changes = d.activities.programsChanged.flatMap((m) => m.changes.map((x) => ({ id: m.id, field: x.field, added: x.added ?? [], removed: x.removed ?? [] })));
  const named = (field: string, names: string[], quote = (p: string) => p) => {
    const kind = LIST_KIND[field];
    return `${kind ? `${kind[names.length === 1 ? 0 : 1]} ` : ''}${names.map(quote).join(', ')}`;
  };
  const common: string[] = [];
  const isCommon = new Set<string>();
  for (const dir of ['added', 'removed'] as const) {
    const counts = new Map<string, number>(); // field NUL entry → activities
    for (const ch of changes) for (const p of ch[dir]) counts.set(`${ch.field}\u0000${p}`, (counts.get(`${ch.field}\u0000${p}`) ?? 0) + 1);
    const groups = new Map<string, string[]>(); // field NUL count → entries
    for (const [key, k] of counts) {
      if (k < 20) continue;
      isCommon.add(`${dir}\u0000${key}`);
      const [field, p] = key.split('\u0000');
      groups.set(`${field}\u0000${k}`, [...(groups.get(`${field}\u0000${k}`) ?? []), p]);
    }
    for (const [key, names] of groups) {
      const [field, k] = key.split('\u0000');
      common.push(`${named(field, names, (p) => `\`${p}\``)} ${dir === 'added' ? 'added to' : 'removed from'} ${n(Number(k), 'activity', 'activities')}`);
    }
  }
  const rows = new Map<string, { id: string; added: string[]; removed: string[] }>();
  for (const ch of changes) {
    const row = rows.get(ch.id) ?? { id: ch.id, added: [], removed: [] };
    for (const dir of ['added', 'removed'] as const) {
      const own = ch[dir].filter((p) => !isCommon.has(`${dir}\u0000${ch.field}\u0000${p}`));
      row[dir].push(...own.map((p) => named(ch.field, [p])));
    }
    rows.set(ch.id, row);
  }
  return { fields: [...new Set(changes.map((ch) => ch.field))], common, rows: [...rows.values()].filter((r) => r.added.length + r.removed.length > 0) };
}

function programLines(d: PackDiff): string[] {
  const { fields, common, rows } = programSummary(d);
  if (common.length + rows.length === 0) return [];
  const lists = fields.includes('allowedPrograms') ? ['the programs and MVPs each activity may be reported under (`allowedPrograms`)'] : [];
  if (fields.includes('allowedRegistrationTypes')) lists.push('the registration types that may report it (`allowedRegistrationTypes`)');
  const lines = [`${lists.join(' and ').replace(/^t/, 'T')}.`, '', ...common.map((c) => `- ${c}`)];
  if (rows.length > 0) {
    if (common.length > 0) lines.push('', 'Other changes, by activity:');
    lines.push('', ...table(['Activity', 'Added to', 'Removed from'], rows.map((r) => [r.id, r.added.join(', ') || '—', r.removed.join(', ') || '—'])));
  }
  return lines;
}

/**
 * Content changes worth listing activity by activity: a flag dropped from (or set on) many
 * activities at once, such as cehrtEligible ending in 2019, is one summary line instead.
 */
function contentChanges(d: PackDiff): { common: string[]; byActivity: { id: string; title: string; changes: FieldChange[] }[] } {
  const key = (x: FieldChange) => `${x.field}\u0000${x.to === null ? 'dropped' : x.from === null ? 'set' : ''}`;
  const counts = new Map<string, number>();
  for (const m of d.activities.modified) {
    for (const x of m.changes) if ((x.group === 'flags' || x.group === 'rules' || x.group === 'weight') && (x.to === null || x.from === null)) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
  }
  const common = new Set([...counts].filter(([, k]) => k >= 20).map(([k]) => k));
  return {
    common: [...common].map((k) => {
      const [field, how] = k.split('\u0000');
      return `\`${field}\` ${how === 'dropped' ? 'dropped from' : 'set on'} ${n(counts.get(k)!, 'activity', 'activities')}`;
    }),
    byActivity: d.activities.modified
      .map((m) => ({ id: m.id, title: m.title, changes: m.changes.filter((x) => !common.has(key(x))) }))
      .filter((m) => m.changes.length > 0),
  };
}

/** The default listing: one line per change, grouped. */
export function formatDiffText(d: PackDiff): string[] {
  const out: string[] = [];
  const c = d.counts;
  out.push(`${d.from.year} → ${d.to.year}: ${d.from.title} → ${d.to.title}`);
  out.push(`Activities: ${c.activitiesFrom} → ${c.activitiesTo} attestable; ${c.added} added, ${c.removed} removed, ${c.renumbered} renumbered, ${c.modified} modified (${c.weightChanges} weight changes), ${c.programsChanged} with program lists changed`);
  const pad = Math.max(0, ...[...d.activities.added, ...d.activities.removed].map((a) => a.id.length));
  for (const a of d.activities.added) out.push(`  + ${a.id.padEnd(pad)}  ${(a.weight ?? '-').padEnd(6)}  ${a.title}`);
  for (const a of d.activities.removed) out.push(`  - ${a.id.padEnd(pad)}  ${(a.weight ?? '-').padEnd(6)}  ${a.title}${a.suspendedInFrom ? ` (suspended in ${d.from.year})` : ''}`);
  for (const r of d.activities.renumbered) {
    const content = r.changes.filter((x) => x.group !== 'programs');
    out.push(`  > ${r.from} → ${r.to}${r.via.length ? ` (via ${r.via.join(', ')})` : ''}  ${r.title}${content.length ? `; ${content.map(describeChange).join('; ')}` : ''}`);
  }
  const content = contentChanges(d);
  for (const line of content.common) out.push(`  ~ ${line.replace(/`/g, '')}`);
  for (const m of content.byActivity) out.push(`  ~ ${m.id}  ${m.changes.map(describeChange).join('; ')}`);
  if (c.programsChanged > 0) {
    const { fields, common, rows } = programSummary(d);
    out.push(`  program lists (${fields.join(', ')}) of ${n(c.programsChanged, 'activity', 'activities')} changed${common.length ? `: ${common.join('; ').replace(/`/g, '')}` : ''}`);
    const width = Math.max(0, ...rows.map((r) => r.id.length));
    for (const r of rows) out.push(`    ${r.id.padEnd(width)}  ${[...r.added.map((p) => `+${p}`), ...r.removed.map((p) => `-${p}`)].join(' ')}`);
  }
  const s = d.suspensions;
  if (s.added.length + s.lifted.length + s.changed.length > 0) {
    out.push(`Suspensions: ${s.added.length} new, ${s.lifted.length} lifted, ${s.changed.length} changed`);
    for (const x of s.added) out.push(`  ! ${x.id} suspended${x.to!.date ? ` on ${x.to!.date}` : ''}, ${x.to!.creditable ? 'still creditable' : 'not creditable'} (${x.to!.reference})`);
    for (const x of s.lifted) out.push(`  ✓ ${x.id} no longer suspended`);
    for (const x of s.changed) out.push(`  ! ${x.id} suspension: creditable ${x.from!.creditable} → ${x.to!.creditable}`);
  }
  const p = d.parameters;
  out.push(`Parameters: ${p.changed.length} changed, ${p.added.length} added, ${p.removed.length} removed, ${p.restated.length} restated with a new source`);
  for (const x of [...p.changed, ...p.added, ...p.removed]) {
    if (x.details && WEIGHT_TABLE.test(x.name)) {
      out.push(`  ${x.name}:`);
      for (const row of tableRows(x)) out.push(`    ${row.row}: ${row.from} → ${row.to}`);
    } else out.push(`  ${x.name}: ${paramValue(x.from)} → ${paramValue(x.to)}${informational(x)}`);
    if (x.from) out.push(`    ${d.from.year}: ${source(x.from)}`);
    if (x.to) out.push(`    ${d.to.year}: ${source(x.to)}`);
  }
  for (const x of p.restated) out.push(`  ${x.name} = ${paramValue(x.to)}: restated in ${x.to!.year}: ${source(x.to)}`);
  const r = d.rules;
  out.push(`Rules: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed`);
  const partLines = (x: RuleChange) => ruleSides(d, x).map((p) => `    ${p.label}: ${p.text}`);
  for (const x of r.added) out.push(`  + ${x.name}: ${ruleSummary(x)} (${source(x.to)})`, ...partLines(x));
  for (const x of r.removed) out.push(`  - ${x.name}: ${ruleSummary(x)} (was ${source(x.from)})`, ...partLines(x));
  for (const x of r.changed) {
    out.push(`  ~ ${x.name}: ${x.parts!.join(', ')} changed: ${ruleSummary(x)}`, ...partLines(x));
    out.push(`    ${d.from.year}: ${source(x.from)}`, `    ${d.to.year}: ${source(x.to)}`);
  }
  const m = d.mvps;
  if (m.added.length + m.removed.length + m.retitled.length + m.activitiesChanged.length > 0) {
    out.push(`MVPs: ${m.added.length} added, ${m.removed.length} removed, ${m.retitled.length} retitled, ${m.activitiesChanged.length} with activity changes`);
    for (const x of m.added) out.push(`  + ${x.id}  ${x.title} (${n(x.activities!, 'activity', 'activities')})`);
    for (const x of m.removed) out.push(`  - ${x.id}  ${x.title}`);
    for (const x of m.retitled) out.push(`  ~ ${x.id}  "${x.fromTitle}" → "${x.title}"`);
    for (const x of m.activitiesChanged) out.push(`  ${x.id}  ${[...x.activitiesAdded!.map((a) => `+${a}`), ...x.activitiesRemoved!.map((a) => `-${a}`)].join(' ')}`);
  }
  const sc = d.subcategories;
  if (sc.added.length + sc.removed.length + sc.retitled.length > 0) {
    out.push(`Subcategories: ${sc.added.length} added, ${sc.removed.length} removed, ${sc.retitled.length} retitled`);
    for (const x of sc.added) out.push(`  + ${x.id}  ${x.title}`);
    for (const x of sc.removed) out.push(`  - ${x.id}  ${x.title}`);
    for (const x of sc.retitled) out.push(`  ~ ${x.id}  "${x.from}" → "${x.to}"`);
  }
  return out;
}

/** Rows of a weight table that differ: `none: quality 50, cost 10, ia 15, pi 25 → …`. */
function tableRows(x: ParameterChange): { row: string; from: string; to: string }[] {
  const from = (x.from?.value ?? {}) as Record<string, unknown>;
  const to = (x.to?.value ?? {}) as Record<string, unknown>;
  const rows = [...new Set((x.details ?? []).map((dt) => dt.path.split('.')[0]))];
  return rows.map((row) => ({ row, from: row in from ? weightRow(from[row]) : '—', to: row in to ? weightRow(to[row]) : '—' }));
}

function weightRow(v: unknown): string {
  const r = v as Record<string, number>;
  return v && typeof v === 'object' ? ['quality', 'cost', 'ia', 'pi'].map((k) => r[k] ?? '?').join(' / ') : formatValue(v);
}

/** Markdown table cell: pipes escaped, no line breaks. */
function cell(text: unknown): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(head: string[], rows: unknown[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** A changelog in Markdown: headings, counts, tables of weight and parameter changes, lists. */
export function formatDiffMarkdown(d: PackDiff): string {
  const { from, to } = d;
  const c = d.counts;
  const md: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    md.push('', `## ${title}`, '', ...lines);
  };
  md.push(`# Improvement Activities: changes from ${from.year} to ${to.year}`);
  md.push('', `Comparing *${from.title}* (\`${from.file}\`) with *${to.title}* (\`${to.file}\`).`);
  md.push('', ...table(['Change', 'Count'], [
    ['Attestable activities', `${c.activitiesFrom} → ${c.activitiesTo}`],
    ['Activities added', c.added],
    ['Activities removed', c.removed],
    ['Activities renumbered', c.renumbered],
    ['Activities modified (title, description, weight, subcategory, flags, activity rules)', c.modified],
    ['Weight changes', c.weightChanges],
    ['Activities whose MVP / program lists changed', c.programsChanged],
    ['Suspensions added / lifted / changed', `${c.suspensionsAdded} / ${c.suspensionsLifted} / ${c.suspensionsChanged}`],
    ['Parameters changed', c.parametersChanged],
    ['Rules added, removed or changed', c.rulesChanged],
    ['MVPs added / removed', `${c.mvpsAdded} / ${c.mvpsRemoved}`],
  ]));

  const label = (a: { weight: string | null; subcategoryTitle?: string; subcategory: string | null }) =>
    [a.weight ? `${a.weight}-weighted` : 'no weight', a.subcategoryTitle ?? a.subcategory].filter(Boolean).join(', ');
  section(`Activities added (${c.added})`, d.activities.added.map((a) => `- **${a.id}**: ${a.title.trim()} (${label(a)})`));
  section(`Activities removed (${c.removed})`, d.activities.removed.map((a) =>
    `- **${a.id}**: ${a.title.trim()} (${label(a)})${a.suspendedInFrom ? `; suspended and not creditable in ${from.year}` : ''}`));
  section(`Activities renumbered (${c.renumbered})`, d.activities.renumbered.length === 0 ? [] : table(['From', 'To', 'Title', 'Other changes'],
    d.activities.renumbered.map((r) => [
      r.from + (r.via.length ? ` (via ${r.via.join(', ')})` : ''),
      r.to,
      r.title.trim(),
      r.changes.filter((x) => x.group !== 'programs').map(describeChange).join('; ') || '—',
    ])));
  const content = contentChanges(d);
  // Weights dropped from every activity at once (the end of the weighted model) are one line.
  const dropped = content.common.filter((line) => line.startsWith('`weight`'));
  const weights = content.byActivity.flatMap((m) => m.changes.filter((x) => x.group === 'weight').map((x) => [m.id, m.title.trim(), x.from ?? '—', x.to ?? '—']));
  section(`Weight changes (${c.weightChanges})`, [
    ...dropped.map((line) => `- ${line}: activities are no longer medium- or high-weighted`),
    ...(dropped.length && weights.length ? [''] : []),
    ...(weights.length === 0 ? [] : table(['Activity', 'Title', String(from.year), String(to.year)], weights)),
  ]);
  const listed = content.byActivity.filter((m) => m.changes.some((x) => x.group !== 'weight'));
  const otherCommon = content.common.filter((line) => !line.startsWith('`weight`'));
  section(`Activities modified (${c.modified})`, [
    ...otherCommon.map((line) => `- ${line}`),
    ...(otherCommon.length && listed.length ? [''] : []),
    ...listed.flatMap((m) => [
      `- **${m.id}**: ${m.title.trim()}`,
      ...m.changes.filter((x) => x.group !== 'weight').map((x) => `  - ${describeChange(x)}`),
    ]),
  ]);
  section(`MVP and program membership (${c.programsChanged} activities)`, programLines(d));

  const s = d.suspensions;
  section('Suspensions', [
    ...s.added.map((x) => `- **${x.id}** suspended${x.to!.date ? ` on ${x.to!.date}` : ''}, ${x.to!.creditable ? 'still creditable for work already begun' : 'not creditable'}: ${x.title.trim()} (${x.to!.reference})`),
    ...s.lifted.map((x) => `- **${x.id}** no longer suspended: ${x.title.trim()}`),
    ...s.changed.map((x) => `- **${x.id}** suspension changed: creditable ${x.from!.creditable} → ${x.to!.creditable} (${x.to!.reference})`),
  ]);

  const p = d.parameters;
  const plain = [...p.changed, ...p.added, ...p.removed].filter((x) => !(x.details && WEIGHT_TABLE.test(x.name)));
  const tables = [...p.changed, ...p.added, ...p.removed].filter((x) => x.details && WEIGHT_TABLE.test(x.name));
  const paramLines: string[] = [];
  if (plain.length > 0) {
    paramLines.push(...table(['Parameter', String(from.year), String(to.year), `${from.year} reference`, `${to.year} reference`],
      plain.map((x) => [`\`${x.name}\`${informational(x)}`, paramValue(x.from), paramValue(x.to), source(x.from), source(x.to)])));
  }
  for (const x of tables) {
    paramLines.push('', `### Category weights: \`${x.name}\``, '', 'Quality / cost / IA / PI (percent), for the rows that changed (row: the other categories reweighted).', '');
    paramLines.push(...table(['Row', String(from.year), String(to.year)], tableRows(x).map((r) => [r.row, r.from, r.to])));
    paramLines.push('', `${from.year}: ${source(x.from) || '(not set)'}  `, `${to.year}: ${source(x.to) || '(not set)'}`);
  }
  if (p.restated.length > 0) {
    paramLines.push('', 'Restated with the same value and a new source:', '');
    paramLines.push(...p.restated.map((x) => `- \`${x.name}\` = ${paramValue(x.to)}: ${source(x.to)}`));
  }
  section(`Parameters (${c.parametersChanged} changed)`, paramLines);

  const r = d.rules;
  const partItems = (x: RuleChange) => ruleSides(d, x).map((p) => `  - ${p.label.replace(/^./, (ch) => ch.toUpperCase())}: \`${p.text}\``);
  section(`Rules (${c.rulesChanged} changed)`, [
    ...r.added.flatMap((x) => [`- Added **${x.name}**: ${ruleSummary(x)} (${source(x.to)})`, ...partItems(x)]),
    ...r.removed.flatMap((x) => [`- Removed **${x.name}**: ${ruleSummary(x)} (was: ${source(x.from)})`, ...partItems(x)]),
    ...r.changed.flatMap((x) => [
      `- Changed **${x.name}** (${x.parts!.join(', ')}): ${ruleSummary(x)}`,
      ...partItems(x),
      `  - ${from.year}: ${source(x.from)}`,
      `  - ${to.year}: ${source(x.to)}`,
    ]),
  ]);

  const m = d.mvps;
  section('MIPS Value Pathways', [
    ...m.added.map((x) => `- Added **${x.id}**: ${x.title} (${n(x.activities!, 'activity', 'activities')})`),
    ...m.removed.map((x) => `- Removed **${x.id}**: ${x.title}`),
    ...m.retitled.map((x) => `- Retitled **${x.id}**: "${x.fromTitle}" → "${x.title}"`),
    ...m.activitiesChanged.map((x) => `- **${x.id}** activities: ${[...x.activitiesAdded!.map((a) => `+${a}`), ...x.activitiesRemoved!.map((a) => `−${a}`)].join(', ')}`),
  ]);
  const sc = d.subcategories;
  section('Subcategories', [
    ...sc.added.map((x) => `- Added **${x.id}**: ${x.title}`),
    ...sc.removed.map((x) => `- Removed **${x.id}**: ${x.title}`),
    ...sc.retitled.map((x) => `- Retitled **${x.id}**: "${x.from}" → "${x.to}"`),
  ]);
  return `${md.join('\n')}\n`;
}
