// The validated snapshot: the materialized packs as JSON, written by the build beside the code
// that made them (dist/rulepacks.snapshot.json), and used only for packs whose every byte is the
// same as those the build validated. Parsing the YAML keeps positions for error messages and
// takes longer than everything else at start-up together; the snapshot skips it, not any check:
// its key covers each pack file, the pack schema and the loader's own code, so an edited pack,
// schema or loader is validated from its YAML again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemasDir } from '../paths.js';
import type { Activity, Mvp, Parameter, Rule, Suspension, YearPack } from '../types.js';
import type { PackSet, PackText } from './load.js';

const FORMAT = 'mips-ia.pack-snapshot.v1';

/** Where the build writes the snapshot: dist/ when this module runs from dist/. */
export const SNAPSHOT_FILE = fileURLToPath(new URL('../../rulepacks.snapshot.json', import.meta.url));

/** The folders whose code decides what a pack validates and materializes to: the loader's and the rules core's. */
const LOADER_DIRS = ['.', '../rules'];

interface PackRecord {
  /** The file's name; the directory is the loader's. */
  file: string;
  year: number;
  extends: number | null;
  title: string;
  hash: string;
  sources: YearPack['sources'];
  subcategories: YearPack['subcategories'];
  mvps: Mvp[];
  /** Indexes into the snapshot's parameters and rules: a year shares those it inherits. */
  parameters: number[];
  rules: number[];
  inventory: Activity[];
  /** IDs of the attestable inventory, in order. */
  activities: string[];
  suspended: Suspension[];
}

interface Snapshot {
  format: typeof FORMAT;
  key: string;
  parameters: Parameter[];
  rules: Rule[];
  packs: PackRecord[];
}

/** The loader's code and the pack schema, read once: this process validates with what it read first. */
let loaderDigest: string | undefined;
function digestLoader(): string {
  if (loaderDigest === undefined) {
    const hash = createHash('sha256').update(FORMAT);
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    for (const dir of LOADER_DIRS) {
      const root = fileURLToPath(new URL(`${dir}/`, import.meta.url));
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)).sort();
      for (const f of files) hash.update(`\0${dir}/${f}\0`).update(readFileSync(join(root, f)));
    }
    hash.update(readFileSync(`${schemasDir}/rulepack.schema.json`));
    loaderDigest = hash.digest('hex');
  }
  return loaderDigest;
}

/** The content the packs were validated from: every file's name and text, the schema, the loader. */
export function snapshotKey(texts: readonly PackText[]): string {
  const hash = createHash('sha256').update(digestLoader());
  for (const { file, text } of texts) hash.update(`\0${basename(file)}\0${text}`);
  return hash.digest('hex');
}

export function snapshotJson(packs: PackSet, key: string): string {
  const index = <T>(list: T[], seen: Map<T, number>, item: T) => {
    let i = seen.get(item);
    if (i === undefined) seen.set(item, (i = list.push(item) - 1));
    return i;
  };
  const parameters: Parameter[] = [];
  const rules: Rule[] = [];
  const paramIndex = new Map<Parameter, number>();
  const ruleIndex = new Map<Rule, number>();
  const records = [...packs.values()].map((p): PackRecord => ({
    file: basename(p.file),
    year: p.year,
    extends: p.extends,
    title: p.title,
    hash: p.hash,
    sources: p.sources,
    subcategories: p.subcategories,
    mvps: [...p.mvps.values()],
    parameters: [...p.parameters.values()].map((x) => index(parameters, paramIndex, x)),
    rules: p.rules.map((r) => index(rules, ruleIndex, r)),
    inventory: [...p.inventory.values()],
    activities: [...p.activities.keys()],
    suspended: [...p.suspended.values()].map(({ activity: _, ...s }) => s),
  }));
  const snapshot: Snapshot = { format: FORMAT, key, parameters, rules, packs: records };
  return JSON.stringify(snapshot);
}

/** The packs of a snapshot made for exactly these texts, or undefined. */
export function packsFromSnapshot(json: string, texts: readonly PackText[]): PackSet | undefined {
  const snapshot = JSON.parse(json) as Snapshot;
  if (snapshot.format !== FORMAT || snapshot.key !== snapshotKey(texts)) return undefined;
  const fileOf = new Map(texts.map((t) => [basename(t.file), t.file]));
  const packs = new Map<number, YearPack>();
  for (const r of snapshot.packs) {
    const inventory = new Map(r.inventory.map((a) => [a.id, a]));
    packs.set(r.year, {
      year: r.year,
      extends: r.extends,
      title: r.title,
      file: fileOf.get(r.file)!,
      hash: r.hash,
      sources: r.sources,
      subcategories: r.subcategories,
      mvps: new Map(r.mvps.map((m) => [m.id, m])),
      parameters: new Map(r.parameters.map((i) => [snapshot.parameters[i].name, snapshot.parameters[i]])),
      rules: r.rules.map((i) => snapshot.rules[i]),
      inventory,
      activities: new Map(r.activities.map((id) => [id, inventory.get(id)!])),
      suspended: new Map(r.suspended.map((s) => [s.id, { ...s, activity: inventory.get(s.id)! }])),
    });
  }
  return packs;
}

/** The snapshot beside this module, if there is one and it was made for these texts. */
export function readSnapshot(texts: readonly PackText[]): PackSet | undefined {
  return existsSync(SNAPSHOT_FILE) ? packsFromSnapshot(readFileSync(SNAPSHOT_FILE, 'utf8'), texts) : undefined;
}

export function writeSnapshot(packs: PackSet, texts: readonly PackText[], file: string = SNAPSHOT_FILE): void {
  writeFileSync(file, snapshotJson(packs, snapshotKey(texts)));
}
