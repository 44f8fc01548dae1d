// One-off generator: writes the `inventory:` section of rulepacks/2017.yaml … 2026.yaml from
// CMS's inventories (test/reference/ia-inventory/<year>.json, qpp-measures-data).
//
//   npx tsx tools/import-inventory.ts
//
// It replaces everything from the line that is exactly `inventory:` to the end of each file
// (inventory is the last top-level key by convention) and leaves everything above untouched.
// A missing file is created with a minimal header. The output is committed and then edited by
// analysts: re-running it overwrites their inventory edits, so fold any edit into this tool.
//
// Every year is checked before anything is written: the YAML parses back to exactly the
// strings written, the packs validate and materialize with the engine, and each year's
// attestable inventory equals the reference file field by field.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isScalar, isSeq, parse, Scalar, visit, type Pair } from 'yaml';
import { packageRoot } from '../engine/paths.js';
import { canonicalJson } from '../engine/pack/canonical-json.js';
import { formatPackError } from '../engine/pack/errors.js';
import { validatePacks, type PackSet } from '../engine/pack/load.js';
import { compareIds } from '../engine/pack/materialize.js';
import type { Activity, MvpSource, Suspension, YearPack } from '../engine/types.js';
import type { QmdActivity, QmdMvp } from './qmd.js';

const FIRST_YEAR = 2017;
const LAST_YEAR = 2026;
const referenceDir = join(packageRoot, 'test', 'reference');
const packsDir = join(packageRoot, 'rulepacks');

/** The final rule of each year, by its Federal Register page. */
const FINAL_RULES: Record<number, string> = {
  2017: 'CY2017 Quality Payment Program final rule, 81 FR 77008',
  2018: 'CY2018 Quality Payment Program final rule, 82 FR 53568',
  2019: 'CY2019 Physician Fee Schedule final rule, 83 FR 59452',
  2020: 'CY2020 Physician Fee Schedule final rule, 84 FR 62568',
  2021: 'CY2021 Physician Fee Schedule final rule, 85 FR 84472',
  2022: 'CY2022 Physician Fee Schedule final rule, 86 FR 64996',
  2023: 'CY2023 Physician Fee Schedule final rule, 87 FR 69404',
  2024: 'CY2024 Physician Fee Schedule final rule, 88 FR 78818',
  2025: 'CY2025 Physician Fee Schedule final rule, 89 FR 97710',
  2026: 'CY2026 Physician Fee Schedule final rule, 90 FR 49266',
};

// ---------------------------------------------------------------------------------------------
// Decisions: everything the reference data does not say itself, each with its source.

interface ActivityRule {
  id: string;
  /** The first year whose description carries the wording: the rule is written there only. */
  year: number;
  fields: Pick<Activity, 'minDays' | 'minMonths' | 'onceEveryYears' | 'mvpOnly'>;
  /** CMS's words in that year's description, quoted in ruleReference. */
  quote: string;
  /** The wording in every year the activity carries the rule (descriptions are reworded). */
  pattern: RegExp;
  /** How the number follows from the words, when the words do not give it directly. */
  inference?: string;
}

/** Activity-specific periods and frequencies, from the first year whose CMS description states them. */
const ACTIVITY_RULES: ActivityRule[] = [
  { id: 'IA_CC_10', year: 2017, fields: { minDays: 30 }, quote: 'carried out a patient-centered action plan for first 30 days following a discharge', pattern: /first 30 days following a discharge/ },
  { id: 'IA_ERP_1', year: 2017, fields: { minMonths: 6 }, quote: 'must be registered for a minimum of 6 months as a volunteer for disaster or emergency response', pattern: /minimum of 6 months/,
    inference: 'six calendar months, not 180 days' },
  { id: 'IA_ERP_2', year: 2017, fields: { minDays: 60 }, quote: 'for a period of a continuous 60 days or greater', pattern: /continuous 60 days or greater/ },
  { id: 'IA_PSPA_5', year: 2017, fields: { minMonths: 6 }, quote: 'must participate for a minimum of 6 months', pattern: /minimum of 6 months/,
    inference: 'six calendar months, not 180 days' },
  ...['IA_PSPA_4', 'IA_PSPA_22', 'IA_PSPA_23', 'IA_PSPA_24'].map((id) => ({
    id, year: 2018, fields: { onceEveryYears: 4 }, quote: 'This activity may be selected once every 4 years', pattern: /selected once every 4 years/,
  })),
  { id: 'IA_MVP', year: 2024, fields: { mvpOnly: true }, quote: 'Clinicians must be participating in MIPS Value Pathways (MVPs) to attest to this activity.', pattern: /must be participating in MIPS Value Pathways/ },
];

/** Period or frequency wording in descriptions that is reviewed and deliberately not encoded. */
const FREQUENCY_WORDS = /annual|year-long|12 months|twelve months|every \d+ years|once every|once per|\d+[- ]days?\b|\d+ months\b|monthly/i;
const REVIEWED_NOT_ENCODED: Record<string, string> = {
  IA_AHE_1: '"within 10 business days" defines a timely appointment, not the activity period',
  IA_BMH_11: '"annual refreshers" is one option among the trainings',
  IA_CC_19: '"a continuous 90-day period" is the default period',
  IA_PM_2: '"at least 90 days" is how long patients are treated',
  IA_PM_4: '"at least 90 days" and "reassessed at least annually" concern patients',
  IA_PM_12: '"within the last 24 to 36 months" defines the patient panel',
  IA_PM_13: '"provide patients annually" concerns patients',
  IA_PSPA_2: '"monthly activities" describes the work, not its period',
  IA_PSPA_6: '"longer than 3 days" is the prescription length',
  IA_PSPA_31: '"once per MIPS performance period" and "6 months of co-prescribing" concern patients',
  IA_AHW_1: 'IA_PM_13 renumbered (2026): "provide patients annually" concerns patients',
  IA_PM_27: '"Annual Wellness Visit" names a visit; "quarterly" concerns remeasuring rates',
};

/** Activities CMS finalized but suspended in the year, kept in the inventory. */
const SUSPENDED: Record<number, Suspension[]> = {
  2022: [{
    id: 'IA_PSPA_30', creditable: false,
    reference: 'Finalized for 2022 (86 FR 64996) and suspended in the year: CMS qpp-measures-data deleted IA_PSPA_30 from measures/2022/measures-data.json',
    note: 'The PCI Bleeding Campaign the activity required ended, so CMS suspended it; not attestable in 2022.',
  }],
  2023: [{
    id: 'IA_BMH_13', creditable: false,
    reference: 'Finalized for 2023 (87 FR 69404) and suspended in the year: CMS, 2024 Improvement Activities Performance Category Quick Start Guide (2024), "What\'s New", lists it among the 2024 removals; CMS qpp-measures-data deleted it from measures/2023/measures-data.json',
    note: 'The buprenorphine waiver (DATA 2000) the activity required ended in 2023 (Consolidated Appropriations Act, 2023), so CMS suspended it; never attestable here.',
  }],
  // Suspended on May 6, 2025, still creditable for work already begun (their 2025 descriptions say
  // so); qpp-measures-data keeps them in the 2025 file and drops them from 2026.
  2025: ['IA_AHE_5', 'IA_AHE_8', 'IA_AHE_9', 'IA_AHE_11', 'IA_AHE_12', 'IA_ERP_3', 'IA_PM_6', 'IA_PM_26'].map((id) => ({
    id, date: '2025-05-06', creditable: true,
    reference: 'CMS description (2025 inventory, qpp-measures-data measures/2025/measures-data.json): "suspended for the 2025 performance period as of May 6, 2025 … if you have already completed or were in the process of completing this activity, you’ll still be able to attest to completing it and receive credit"',
  })),
};

/** Where CMS renumbered an activity (qpp-measures-data's firstPerformanceYear predates the new ID; same activity). */
const RENUMBERED: Record<string, { year: number; from: string }> = {
  IA_AHE_12: { year: 2023, from: 'IA_CC_14' },
  IA_BMH_13: { year: 2023, from: 'IA_PSPA_10' },
  // CMS's 2025 inventory (firstPerformanceYear 2023; retitled to cover influenza and hepatitis B too).
  IA_PM_26: { year: 2025, from: 'IA_ERP_6' },
  // CMS's 2026 inventory: the same activities under new IDs, each keeping its firstPerformanceYear.
  IA_EPA_7: { year: 2026, from: 'IA_AHE_1' },
  IA_BE_26: { year: 2026, from: 'IA_AHE_3' },
  IA_EPA_8: { year: 2026, from: 'IA_AHE_6' },
  IA_BE_27: { year: 2026, from: 'IA_AHE_7' },
  IA_PSPA_35: { year: 2026, from: 'IA_AHE_10' },
  IA_AHW_1: { year: 2026, from: 'IA_PM_13' },
};

/** Activities absent from every qpp-measures-data file but finalized (IA_BMH_13, 87 FR 69404). */
function extraActivities(year: number): { activity: Activity; comment: string }[] {
  if (year !== 2023) return [];
  // Title verbatim from the 2024 removals of CMS's "2024 Improvement Activities Quick Start Guide"
  // ("What's New"): "We removed 3 improvement activities: … Obtain or Renew an Approved
  // Waiver for Provision of Buprenorphine as Medication-Assisted Treatment [MAT] for Opioid Use
  // Disorder (IA_BMH_13)". The rest from the change request that added it to qpp-measures-data
  // before CMS deleted it again.
  return [{
    activity: {
      id: 'IA_BMH_13',
      title: 'Obtain or Renew an Approved Waiver for Provision of Buprenorphine as Medication-Assisted Treatment [MAT] for Opioid Use Disorder',
      subcategory: 'behavioralAndMentalHealth',
      weight: 'medium',
      description: 'Complete any required training and obtain or renew an approved waiver for provision of medication-assisted treatment of opioid use disorders using buprenorphine. Note: This activity may be selected once for low-capacity waivers, as these do not expire, and once every 3 years for the expanded waiver, in keeping with renewal requirements.',
    },
    comment: [
      ' Not in CMS qpp-measures-data. Title: CMS\'s 2024 IA Quick Start Guide, "What\'s New" (2024 removals).',
      ' Weight, subcategory, description: CMS qpp-measures-data updates/measures/2023/IA_PY23_CR_20221013.csv',
      ' (PR #608, commit aea1fbbe05246a37ef226d331786bfdfa4002687), which titles it without "[MAT]".',
      ' Renumbers IA_PSPA_10 (that file gives first year 2017). No allowedPrograms: none published.',
      ' Its "once every 3 years" is not encoded: it is never attestable (suspended below).',
    ].join('\n'),
  }];
}

// ---------------------------------------------------------------------------------------------
// Reference data



function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(referenceDir, ...path), 'utf8')) as T;
}

/** The fields the packs hold, as CMS states them; rules and flags are added separately. */
function fromQmd(r: QmdActivity, year: number): Activity {
  // A weight is medium or high, or absent (2025 on: no weights); null only for IA_PCMH.
  if (r.measureId !== 'IA_PCMH' && r.weight !== 'medium' && r.weight !== 'high' && r.weight !== undefined) throw new Error(`${year} ${r.measureId}: weight ${r.weight}`);
  if (!r.title || !r.description) throw new Error(`${year} ${r.measureId}: no title or description`);
  const a: Activity = { id: r.measureId, title: r.title, subcategory: r.subcategoryId, weight: r.measureId === 'IA_PCMH' ? null : r.weight ?? null };
  if (typeof r.cehrtEligible === 'boolean') a.cehrtEligible = r.cehrtEligible;
  if (Array.isArray(r.allowedPrograms)) a.allowedPrograms = [...r.allowedPrograms];
  if (Array.isArray(r.allowedRegistrationTypes)) a.allowedRegistrationTypes = [...r.allowedRegistrationTypes];
  a.description = r.description;
  return a;
}

function reference(year: number): Map<string, Activity> {
  const list = readJson<QmdActivity[]>('ia-inventory', `${year}.json`);
  const out = new Map<string, Activity>();
  for (const r of list) {
    if (out.has(r.measureId)) throw new Error(`${year}: ${r.measureId} twice in the reference`);
    out.set(r.measureId, fromQmd(r, year));
  }
  return out;
}

/** Fields compared with the reference; everything else (rules, flags) is the pack's own. */
const CMS_FIELDS = ['title', 'subcategory', 'weight', 'cehrtEligible', 'allowedPrograms', 'allowedRegistrationTypes', 'description'] as const;
/**
 * Fields `allActivities` may set (schema): when every activity of the reference shares one value
 * (or none has the field) and the inherited inventory does not, the year states it once.
 */
const ALL_ACTIVITIES_FIELDS = ['weight', 'cehrtEligible', 'allowedRegistrationTypes'] as const;
/** Fields every added activity states even when allActivities gives them (schema: required). */
const REQUIRED_FIELDS = new Set<string>(['weight']);
const KEY_ORDER = ['id', 'title', 'subcategory', 'weight', 'cehrtEligible', 'allowedPrograms', 'allowedRegistrationTypes',
  'renumberedFrom', 'pcmhAttestation', 'minDays', 'minMonths', 'onceEveryYears', 'mvpOnly', 'ruleReference', 'description'];

function ordered<T extends object>(a: T): T {
  const rec = a as Record<string, unknown>;
  const keys = Object.keys(rec);
  const unknown = keys.filter((k) => !KEY_ORDER.includes(k));
  if (unknown.length) throw new Error(`unexpected activity keys ${unknown.join(', ')}`);
  return Object.fromEntries(KEY_ORDER.filter((k) => k in rec && rec[k] !== undefined).map((k) => [k, rec[k]])) as T;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

// ---------------------------------------------------------------------------------------------
// One year's inventory section

interface YearSection {
  inventory: Record<string, unknown>;
  comment: string;
  itemComments: Map<string, string>; // activity id (in added) -> comment
}

function rulesStarting(year: number, id: string): Partial<Activity> {
  const out: Partial<Activity> = {};
  for (const r of ACTIVITY_RULES.filter((x) => x.id === id && x.year === year)) {
    Object.assign(out, r.fields, { ruleReference: `CMS description of ${id} (${year} inventory, qpp-measures-data measures/${year}/measures-data.json): "${r.quote}"${r.inference ? `; ${r.inference}` : ''}` });
  }
  return out;
}

function withRules(year: number, a: Activity): Activity {
  const extra: Partial<Activity> = { ...rulesStarting(year, a.id) };
  if (a.id === 'IA_PCMH') extra.pcmhAttestation = true;
  const renumbered = RENUMBERED[a.id];
  if (renumbered?.year === year) extra.renumberedFrom = renumbered.from;
  return ordered({ ...a, ...extra });
}

function baseSection(ref: Map<string, Activity>): YearSection {
  const activities = [...ref.values()].sort((a, b) => compareIds(a.id, b.id)).map((a) => withRules(FIRST_YEAR, a));
  const weights = (w: string) => activities.filter((a) => a.weight === w).length;
  const cehrt = activities.filter((a) => a.cehrtEligible).length;
  const comment = wrapComment([
    `${FIRST_YEAR}: ${activities.length} entries = ${activities.length - 1} activities (${weights('medium')} medium, ${weights('high')} high) + the IA_PCMH attestation record; ${cehrt} CEHRT-eligible.`,
    `Source: CMS qpp-measures-data measures/${FIRST_YEAR}/measures-data.json; ${FINAL_RULES[FIRST_YEAR]}.`,
  ]);
  return { inventory: { activities }, comment, itemComments: new Map() };
}

function childSection(year: number, prev: YearPack, ref: Map<string, Activity>): YearSection {
  const suspended = SUSPENDED[year] ?? [];
  const extras = extraActivities(year);
  const keep = new Set(suspended.filter((s) => !ref.has(s.id)).map((s) => s.id));
  for (const id of keep) {
    if (!prev.inventory.has(id) && !extras.some((e) => e.activity.id === id)) throw new Error(`${year}: suspends ${id}, which is in neither the ${year - 1} inventory nor added`);
  }
  for (const { activity } of extras) {
    if (ref.has(activity.id) || prev.inventory.has(activity.id)) throw new Error(`${year}: ${activity.id} is no longer missing; drop it from extraActivities`);
  }

  const removed = [...prev.inventory.keys()].filter((id) => !ref.has(id) && !keep.has(id)).sort(compareIds);
  const current = new Map([...prev.inventory].filter(([id]) => !removed.includes(id)).map(([id, a]) => [id, { ...a }]));

  const allActivities: Partial<Activity> = {};
  for (const f of ALL_ACTIVITIES_FIELDS) {
    const values = new Set([...ref.values()].map((a) => canonicalJson(a[f] ?? null)));
    if (values.size !== 1) continue;
    const value = [...ref.values()][0][f] ?? null; // null: no activity has the field (it is cleared)
    if ([...current.values()].every((a) => same(a[f], value))) continue;
    Object.assign(allActivities, { [f]: value });
    for (const a of current.values()) {
      if (value === null && f !== 'weight') delete a[f];
      else Object.assign(a, { [f]: value });
    }
  }

  // An added activity takes what allActivities gives unless it states the field (materialize).
  const added = [...ref.values()].filter((a) => !prev.inventory.has(a.id)).concat(extras.map((e) => e.activity))
    .sort((a, b) => compareIds(a.id, b.id)).map((a) => {
      const out: Record<string, unknown> = { ...withRules(year, a) };
      for (const [f, v] of Object.entries(allActivities)) if (!REQUIRED_FIELDS.has(f) && same(out[f], v)) delete out[f];
      return out as unknown as Activity;
    });

  const modified: Partial<Activity>[] = [];
  const fieldCounts = new Map<string, string[]>();
  let whiteSpaceOnly = 0;
  const weightMoves = new Map<string, string[]>();
  for (const [id, r] of [...ref].sort(([a], [b]) => compareIds(a, b))) {
    const cur = current.get(id);
    if (!cur) continue;
    const change: Record<string, unknown> = {};
    for (const f of CMS_FIELDS) {
      if (same(cur[f], r[f])) continue;
      change[f] = r[f] === undefined ? null : r[f];
      fieldCounts.set(f, [...(fieldCounts.get(f) ?? []), id]);
      if (f === 'description' && cur.description?.replace(/\s+/g, ' ').trim() === r.description?.replace(/\s+/g, ' ').trim()) whiteSpaceOnly++;
      if (f === 'weight') weightMoves.set(`${cur.weight} → ${r.weight}`, [...(weightMoves.get(`${cur.weight} → ${r.weight}`) ?? []), id]);
    }
    Object.assign(change, rulesStarting(year, id));
    const renumbered = RENUMBERED[id];
    if (renumbered?.year === year) throw new Error(`${year}: ${id} is renumbered but not new`);
    if (Object.keys(change).length > 0) modified.push(ordered({ id, ...change }));
  }

  for (const [id, r] of Object.entries(RENUMBERED)) {
    if (r.year === year && (!removed.includes(r.from) || !added.some((a) => a.id === id))) throw new Error(`${year}: ${id} renumbers ${r.from}, but this year does not remove ${r.from} and add ${id}`);
  }

  const inventory: Record<string, unknown> = {};
  if (removed.length) inventory.removed = removed;
  if (Object.keys(allActivities).length) inventory.allActivities = allActivities;
  if (added.length) inventory.added = added;
  if (modified.length) inventory.modified = modified;
  if (suspended.length) inventory.suspended = suspended.map((s) => ({ ...s }));

  // The comment: counts, the changes worth reading, decisions, source.
  const list = (ids: string[]) => ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
  const head = [`${added.length} added`, removed.length <= 3 && removed.length ? `${list(removed)} removed` : `${removed.length} removed`, `${modified.length} modified`];
  const details: string[] = [];
  if (weightMoves.size) details.push(`weight ${[...weightMoves].map(([move, ids]) => `${list(ids)} ${move}`).join(', ')}`);
  if (fieldCounts.has('subcategory')) details.push(`subcategory of ${list(fieldCounts.get('subcategory')!)}`);
  if (allActivities.weight === null) details.push('weight dropped from every activity: CMS no longer weights activities (allActivities)');
  if (allActivities.allowedRegistrationTypes) details.push(`allowedRegistrationTypes ${allActivities.allowedRegistrationTypes.join(', ')} on every activity (allActivities)`);
  if (allActivities.cehrtEligible === null) details.push('cehrtEligible dropped from every activity (allActivities)');
  else if (fieldCounts.has('cehrtEligible')) details.push(`cehrtEligible of ${list(fieldCounts.get('cehrtEligible')!)}`);
  for (const f of ['title', 'description', 'allowedPrograms', 'allowedRegistrationTypes'] as const) {
    const n = fieldCounts.get(f)?.length ?? 0;
    if (n) details.push(`${n} ${f.startsWith('allowed') ? f : `${f}${n > 1 ? 's' : ''}`}${f === 'description' && whiteSpaceOnly ? ` (${whiteSpaceOnly} only in white space)` : ''}`);
  }
  const lines = [`${year}: ${head.join(', ')}${details.length ? `; ${details.join('; ')}` : ''}.`];
  // One sentence per kind of suspension (several activities may share the date and source).
  const sentences = new Map<string, string[]>();
  for (const s of suspended) {
    const how = extras.some((e) => e.activity.id === s.id) ? 'added (CMS qpp-measures-data omits it; see below) and' : ref.has(s.id) ? '' : 'kept (CMS qpp-measures-data omits it) and';
    const rest = `${how} suspended${s.date ? ` on ${s.date}` : ''}, ${s.creditable ? 'still creditable' : 'not creditable'} (${s.reference.split(';')[0]}).`;
    sentences.set(rest, [...(sentences.get(rest) ?? []), s.id]);
  }
  for (const [rest, ids] of sentences) lines.push(`${list(ids)} ${rest}`.replace('  ', ' '));
  const renumbered = Object.entries(RENUMBERED).filter(([, r]) => r.year === year).map(([id, r]) => `${id} ← ${r.from}`);
  if (renumbered.length) lines.push(`Renumbered: ${renumbered.join(', ')}.`);
  lines.push(`Source: CMS qpp-measures-data measures/${year}/measures-data.json; ${FINAL_RULES[year]}.`);
  return { inventory, comment: wrapComment(lines), itemComments: new Map(extras.map((e) => [e.activity.id, e.comment])) };
}

/** Comment lines of at most ~100 characters, each starting with a space (after `#`). */
function wrapComment(sentences: string[]): string {
  const out: string[] = [];
  for (const s of sentences) {
    let line = '';
    for (const word of s.split(' ')) {
      if (line && line.length + word.length + 1 > 100) {
        out.push(line);
        line = ' ' + word;
      } else line = line ? `${line} ${word}` : ` ${word}`;
    }
    out.push(line);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// YAML text

/** Strings YAML would write with a raw tab, a CR or trailing blanks (editors eat those): quoted. */
const NEEDS_QUOTES = /[\t\r]|[ \t]\n|[ \t]$|^\s/;

function renderSection(section: YearSection): string {
  const doc = new Document({ inventory: section.inventory });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && NEEDS_QUOTES.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true; // allowedPrograms, removed
    },
  });
  const inventory = doc.get('inventory', true);
  if (!isMap(inventory)) throw new Error('inventory is not a map');
  const allActivities = inventory.get('allActivities', true);
  if (isMap(allActivities)) allActivities.flow = true;
  const first = inventory.items[0] as Pair | undefined;
  if (first) {
    const key = isScalar(first.key) ? first.key : (doc.createNode(first.key) as Scalar);
    key.commentBefore = section.comment;
    first.key = key;
  }
  for (const pair of inventory.items as Pair[]) {
    if (!isScalar(pair.key) || pair.key.value !== 'added' || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      const id = isMap(item) ? item.get('id') : undefined;
      const comment = typeof id === 'string' ? section.itemComments.get(id) : undefined;
      if (comment && isMap(item)) item.commentBefore = comment;
    }
  }
  // CMS's text verbatim: the YAML must give back exactly what was written. Folded double-quoted
  // strings read more easily, but yaml 2.9 folds a line of only blanks wrongly (it writes its
  // escaping backslash twice): a year where that happens writes them JSON-style, one line each.
  const render = (doubleQuotedAsJSON: boolean) => doc.toString({ lineWidth: 0, flowCollectionPadding: false, doubleQuotedAsJSON });
  const parsesBack = (t: string) => canonicalJson((parse(t, { version: '1.2', schema: 'core' }) as { inventory: unknown }).inventory) === canonicalJson(section.inventory);
  let text = render(false);
  if (!parsesBack(text)) text = render(true);
  if (!parsesBack(text)) {
    throw new Error('the YAML written does not parse back to the same inventory (folded or altered text)');
  }
  if (text.includes('\t')) throw new Error('the YAML written holds a raw tab');
  if (!text.startsWith('inventory:\n')) throw new Error('unexpected section start');
  return text;
}

function titleCase(id: string): string {
  const words = id.replace(/([A-Z])/g, ' $1').split(' ');
  return words.map((w, i) => (i > 0 && ['and', 'or', 'of', 'the'].includes(w.toLowerCase()) ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1))).join(' ');
}

function readMvps(year: number): Map<string, MvpSource> | undefined {
  const file = join(referenceDir, 'mvp', `${year}.json`);
  if (!existsSync(file)) return undefined;
  const list = readJson<QmdMvp[]>('mvp', `${year}.json`);
  return new Map(list.map((m) => [m.mvpId, m.clinicalTopic ? { title: m.title, clinicalTopic: m.clinicalTopic } : { title: m.title }]));
}

/** A header for a pack file that does not exist yet; analysts own it from then on. */
function newHeader(year: number, ref: Map<string, Activity>, prev: YearPack | undefined): string {
  const header: Record<string, unknown> = {};
  header.year = year;
  if (year > FIRST_YEAR) header.extends = year - 1;
  header.title = `MIPS Improvement Activities, performance year ${year}`;
  const sources: Record<string, unknown> = { qmd: { citation: `CMS qpp-measures-data, measures/${year}/measures-data.json (CC0)` } };
  const ids = [...new Set([...ref.values()].map((a) => a.subcategory).filter((s): s is string => s !== null))].sort();
  if (year === FIRST_YEAR) {
    header.subcategories = Object.fromEntries(ids.map((id) => [id, titleCase(id)]));
  } else if (prev) {
    // The subcategories the reference starts and stops using (2026: advancing health and wellness).
    const changes: Record<string, string | null> = {};
    for (const id of ids) if (!(id in prev.subcategories)) changes[id] = titleCase(id);
    for (const id of Object.keys(prev.subcategories).sort()) if (!ids.includes(id)) changes[id] = null;
    if (Object.keys(changes).length) header.subcategories = changes;
  }
  // Packs name the MVPs that allowedPrograms cite: the year's changes from the year before.
  const mvps = readMvps(year);
  if (mvps) {
    sources.qmdMvp = { citation: `CMS qpp-measures-data, mvp/${year}/mvp.json (CC0)` };
    const before = readMvps(year - 1) ?? new Map<string, MvpSource>();
    const changes: Record<string, MvpSource | null> = {};
    for (const [id, m] of [...mvps].sort(([a], [b]) => a.localeCompare(b))) if (!same(before.get(id), m)) changes[id] = m;
    for (const id of before.keys()) if (!mvps.has(id)) changes[id] = null;
    if (Object.keys(changes).length) header.mvps = changes;
  }
  if (year === 2023) {
    sources.qmdChangeRequest = { citation: 'CMS qpp-measures-data, updates/measures/2023/IA_PY23_CR_20221013.csv (CC0), commit aea1fbbe05246a37ef226d331786bfdfa4002687' };
    sources.cmsQuickStart2024 = { citation: 'CMS, 2024 Improvement Activities Performance Category Quick Start Guide (2024)', title: 'CMS\'s 2024 IA Quick Start Guide (first posted 12/27/2023)' };
  }
  header.sources = sources;
  const order = ['year', 'extends', 'title', 'sources', 'subcategories', 'mvps'];
  const doc = new Document(Object.fromEntries(order.filter((k) => k in header).map((k) => [k, header[k]])));
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'title' && isScalar(pair.value)) pair.value.type = Scalar.QUOTE_DOUBLE;
    },
    Map(_, node, path) {
      // one line per source and per MVP
      const parent = path.at(-1);
      const parentKey = parent && 'key' in (parent as object) ? ((parent as Pair).key as Scalar | undefined)?.value : undefined;
      const grand = path.at(-3);
      const grandKey = grand && 'key' in (grand as object) ? ((grand as Pair).key as Scalar | undefined)?.value : undefined;
      if (parentKey !== undefined && (grandKey === 'sources' || grandKey === 'mvps')) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

// ---------------------------------------------------------------------------------------------

function checkRules(refs: Map<number, Map<string, Activity>>): void {
  for (const r of ACTIVITY_RULES) {
    const first = refs.get(r.year)?.get(r.id);
    if (!first?.description?.includes(r.quote)) throw new Error(`${r.id}: "${r.quote}" is not in its ${r.year} description`);
    const before = refs.get(r.year - 1)?.get(r.id);
    if (before?.description && r.pattern.test(before.description)) throw new Error(`${r.id}: its ${r.year - 1} description already says ${r.pattern}; the rule starts earlier`);
    for (const [year, ref] of refs) {
      const a = ref.get(r.id);
      if (year >= r.year && a && !r.pattern.test(a.description ?? '')) throw new Error(`${r.id}: its ${year} description no longer says ${r.pattern}; end the rule there`);
    }
  }
  const unreviewed: string[] = [];
  for (const [year, ref] of refs) {
    for (const a of ref.values()) {
      const m = `${a.title} ${a.description}`.match(FREQUENCY_WORDS);
      if (m && !ACTIVITY_RULES.some((r) => r.id === a.id) && !REVIEWED_NOT_ENCODED[a.id]) unreviewed.push(`${year} ${a.id}: "${m[0]}"`);
    }
  }
  if (unreviewed.length) console.warn(`period or frequency wording not reviewed (add a rule or a REVIEWED_NOT_ENCODED entry):\n  ${[...new Set(unreviewed)].join('\n  ')}`);
}

function main(): void {
  const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const refs = new Map(years.map((y) => [y, reference(y)]));
  checkRules(refs);

  const texts = new Map<number, string>();
  let packs: PackSet = new Map();
  for (const year of years) {
    const ref = refs.get(year)!;
    const file = join(packsDir, `${year}.yaml`);
    let head: string;
    if (existsSync(file)) {
      const old = readFileSync(file, 'utf8');
      const lines = old.split('\n');
      const at = lines.findIndex((l) => l.replace(/\r$/, '') === 'inventory:');
      head = at >= 0 ? lines.slice(0, at).join('\n') + '\n' : old.endsWith('\n') || old === '' ? old : `${old}\n`;
    } else {
      head = newHeader(year, ref, packs.get(year - 1));
    }
    const prev = packs.get(year - 1);
    if (year > FIRST_YEAR && !prev) throw new Error(`no ${year - 1} pack`);
    const section = year === FIRST_YEAR ? baseSection(ref) : childSection(year, prev!, ref);
    const text = head + renderSection(section);

    // Materialize with the engine: the next year's changes are computed against this.
    const [result] = validatePacks([{ file: `rulepacks/${year}.yaml`, text }], packs);
    if (result.errors.length || !result.pack) {
      throw new Error(`rulepacks/${year}.yaml does not validate:\n${result.errors.map(formatPackError).join('\n')}`);
    }
    verify(year, result.pack, ref);
    packs = new Map([...packs, [year, result.pack]]);
    texts.set(year, text);
  }

  for (const [year, text] of texts) writeFileSync(join(packsDir, `${year}.yaml`), text);
  for (const [year, pack] of packs) console.log(`${year}: ${pack.activities.size} attestable, ${pack.inventory.size} in the inventory`);
}

/** The attestable inventory equals the reference; the rest is exactly the year's suspensions. */
function verify(year: number, pack: YearPack, ref: Map<string, Activity>): void {
  const problems: string[] = [];
  const ids = [...pack.activities.keys()];
  const refIds = [...ref.keys()].sort(compareIds);
  if (ids.join() !== refIds.join()) problems.push(`IDs differ: pack has ${ids.filter((i) => !ref.has(i)).join(', ') || 'none extra'}, lacks ${refIds.filter((i) => !pack.activities.has(i)).join(', ') || 'none'}`);
  for (const [id, r] of ref) {
    const a = pack.activities.get(id);
    if (!a) continue;
    for (const f of CMS_FIELDS) if (!same(a[f], r[f])) problems.push(`${id}.${f} differs`);
  }
  const hidden = [...pack.inventory.keys()].filter((id) => !pack.activities.has(id));
  const expected = (SUSPENDED[year] ?? []).filter((s) => !s.creditable).map((s) => s.id);
  if (hidden.join() !== expected.join()) problems.push(`not attestable: ${hidden.join(', ')}; expected ${expected.join(', ')}`);
  if (problems.length) throw new Error(`${year}: the pack differs from the reference:\n  ${problems.join('\n  ')}`);
}

main();
