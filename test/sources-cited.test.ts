// The product stands on its own sources: the packs, the schemas and every answer cite the CFR,
// the Federal Register, CMS's documents and data, never this team's working spec (RULES.md), its
// source keys (S000-S004) or the seed files the product was made from, which no user has.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { submissionArb } from '../engine/corpus/arbitraries.js';
import { diff, formatDiffMarkdown, formatDiffText, loadPacks, resultJson, score, ScoreError } from '../engine/index.js';
import { packageRoot, schemasDir } from '../engine/paths.js';
import { loadScenarios } from '../engine/scenario/scenario.js';
import { createApp } from '../server/app.js';

const packs = loadPacks();
const packsDir = join(packageRoot, 'rulepacks');

/** A reference that leads nowhere for a user: the spec, its source keys, the seed files. */
const PRIVATE = /RULES\.md|\bS00\d\b|\bseeds?\/|\bseed 00\d|\bCFR-\d{4}\b|\bQMD\b/;
/** In a pack, any mention of a seed (the schemas' corpus `seed` is a random seed, not a source). */
const PACK_PRIVATE = new RegExp(`${PRIVATE.source}|\\b[Ss]eeds?\\b`);
/** A source a user can look up: a CFR section, a Federal Register page, CMS's data or documents, a society's guide. */
const PRIMARY = /\d+ CFR \d+\.\d+|\d+ FR \d+|qpp-measures-data|\bCMS\b|AAPM&R/;

function privateLines(text: string, pattern: RegExp): string[] {
  return text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${i + 1}: ${line.trim().slice(0, 160)}`] : []));
}

describe('sources a user can look up', () => {
  it('no pack names RULES.md, a source key of it or a seed, in any value or comment', () => {
    for (const file of readdirSync(packsDir).filter((f) => f.endsWith('.yaml'))) {
      expect(privateLines(readFileSync(join(packsDir, file), 'utf8'), PACK_PRIVATE), file).toEqual([]);
    }
  });

  it('no schema does', () => {
    for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.json'))) {
      expect(privateLines(readFileSync(join(schemasDir, file), 'utf8'), PRIVATE), file).toEqual([]);
    }
  });

  it('every reference of a parameter, rule, activity rule or suspension, and every note standing alone, names a primary source', () => {
    const missing: string[] = [];
    const check = (where: string, text: string | undefined) => {
      if (text !== undefined && !PRIMARY.test(text)) missing.push(`${where}: ${text}`);
    };
    for (const pack of packs.values()) {
      for (const p of pack.parameters.values()) if (p.year === pack.year) check(`${pack.year} ${p.name}`, p.reference ?? p.note);
      for (const r of pack.rules) if (r.year === pack.year) check(`${pack.year} rule ${r.name}`, r.reference ?? r.note);
      for (const a of pack.inventory.values()) check(`${pack.year} ${a.id}`, a.ruleReference);
      for (const s of pack.suspended.values()) check(`${pack.year} suspension ${s.id}`, s.reference);
      for (const [id, s] of Object.entries(pack.sources)) check(`${pack.year} source ${id}`, `${s.citation} ${s.title ?? ''}`);
    }
    expect(missing).toEqual([]);
  });

  it('every scenario (they ship with the package) cites a primary source and no private one', () => {
    const scenarios = loadScenarios(join(packageRoot, 'test', 'scenarios'));
    expect(scenarios.filter((sc) => PRIVATE.test(sc.source) || PRIVATE.test(sc.name) || !PRIMARY.test(sc.source)).map((sc) => sc.file)).toEqual([]);
  });

  it('an inferred value gives its reasoning in its note', () => {
    for (const pack of packs.values()) {
      for (const x of [...pack.parameters.values(), ...pack.rules]) {
        if (!x.inferred || x.year !== pack.year) continue;
        expect(x.note, `${pack.year} ${x.name}`).toMatch(/^INFERRED\b.{60,}/);
      }
    }
  });

  it('no result, error, year or diff the service and CLI answer carries one', async () => {
    const texts: string[] = [];
    for (const pack of packs.values()) {
      for (const sub of fc.sample(submissionArb(pack), { numRuns: 60, seed: pack.year })) texts.push(resultJson(await score(packs, sub)));
      // Refusals and errors: an APM Entity without an APM, counts above totals, an unknown activity, a short period.
      for (const bad of [
        { entityType: 'apmEntity' },
        { entityType: 'group', clinicians: { total: 2, rural: 3 } },
        { activities: [{ id: 'IA_NOT_AN_ACTIVITY' }] },
        { reportingOption: 'app', entityType: 'virtualGroup', apm: { participation: 'mipsApm' } },
      ]) {
        try {
          texts.push(resultJson(await score(packs, { performanceYear: pack.year, ...bad })));
        } catch (e) {
          expect(e).toBeInstanceOf(ScoreError);
          texts.push(JSON.stringify({ message: (e as ScoreError).message, errors: (e as ScoreError).errors }));
        }
      }
      const short = { performanceYear: pack.year, activities: [{ id: [...pack.activities.keys()][0], performanceStart: `${pack.year}-03-01`, performanceEnd: `${pack.year}-03-02` }] };
      texts.push(resultJson(await score(packs, short)));
    }
    const server = createApp({ packs });
    for (const year of packs.keys()) texts.push(JSON.stringify((await request(server).get(`/v1/years/${year}`).expect(200)).body));
    const years = [...packs.keys()];
    for (let i = 1; i < years.length; i++) {
      const d = diff(packs, years[i - 1], years[i]);
      texts.push(...formatDiffText(d), formatDiffMarkdown(d));
    }
    const found = texts.flatMap((t) => privateLines(t, PRIVATE));
    expect(found).toEqual([]);
  });
});
