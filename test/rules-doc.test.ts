// docs/rules.md cannot drift from the packs: it is what tools/rules-doc.ts renders from them (its
// prose kept), and every rule and parameter of every year has a written entry, and only those.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../engine/pack/load.js';
import { proseOf, renderRulesDoc, RULES_DOC, UNWRITTEN } from '../tools/rules-doc.js';

const packs = loadPacks();
const doc = readFileSync(RULES_DOC, 'utf8');
const prose = proseOf(doc);

const named = (kind: 'rule' | 'parameter') => [...new Set([...packs.values()].flatMap((p) =>
  kind === 'rule' ? p.rules.map((r) => r.name) : [...p.parameters.keys()]))].sort();
const entries = (kind: 'rule' | 'parameter') => [...prose.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1)).sort();

describe('docs/rules.md', () => {
  it('has a written entry for every rule of every pack, and none for a rule no pack has', () => {
    expect(entries('rule')).toEqual(named('rule'));
  });

  it('has a written entry for every parameter of every pack, and none for a parameter no pack has', () => {
    expect(entries('parameter')).toEqual(named('parameter'));
  });

  it('has prose for every year, and no entry left unwritten', () => {
    for (const year of packs.keys()) expect(prose.get(`year:${year}`), `${year}`).toBeTruthy();
    expect([...prose].filter(([, text]) => !text || text === UNWRITTEN).map(([key]) => key)).toEqual([]);
  });

  it('is what tools/rules-doc.ts renders from the packs (run npx tsx tools/rules-doc.ts after changing a pack)', () => {
    expect(renderRulesDoc(packs, doc)).toBe(doc);
  });

  it('cites no private source', () => {
    expect(doc).not.toMatch(/RULES\.md|\bS00\d\b|\bseeds?\//);
  });
});
