// Run by npm run build: validates the bundled packs from their YAML and writes the snapshot that
// loadPacks starts from while they stay as they are (snapshot.ts). Broken packs get none, and
// the loader reports their errors as usual.
import { rmSync } from 'node:fs';
import { bundledPacksDir } from '../paths.js';
import { formatPackError } from './errors.js';
import { readPackTexts, validatePacks } from './load.js';
import { SNAPSHOT_FILE, writeSnapshot } from './snapshot.js';

const texts = readPackTexts([bundledPacksDir]);
const results = validatePacks(texts, undefined, undefined, { check: true });
const errors = results.flatMap((r) => r.errors);
rmSync(SNAPSHOT_FILE, { force: true });
if (errors.length > 0) {
  process.stderr.write(`no pack snapshot: ${errors.length} pack error(s)\n${errors.slice(0, 5).map(formatPackError).join('\n')}\n`);
} else {
  writeSnapshot(new Map(results.map((r) => [r.year!, r.pack!])), texts);
  process.stdout.write(`pack snapshot: ${results.length} years validated, ${SNAPSHOT_FILE}\n`);
}
