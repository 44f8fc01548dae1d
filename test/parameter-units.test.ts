// Every parameter carries a unit, from the pack schema (x-unit); an informational one
// (x-informational) is context that no rule or check reads, so changing it changes no score.
import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { submissionArb } from '../engine/corpus/arbitraries.js';
import { loadPacks, score, type PackSet } from '../engine/index.js';
import { parameterMeta } from '../engine/pack/parameter-meta.js';
import { loadSchema } from '../engine/pack/schema.js';
import type { Parameter, YearPack } from '../engine/types.js';
import { createApp } from '../server/app.js';

const packs = loadPacks();
const UNITS = ((loadSchema('year.schema.json') as any).properties.parameters.items.properties.unit.enum) as string[];

interface Node { properties?: Record<string, Node>; $ref?: string; 'x-unit'?: string }

/** The parameter leaves the pack schema admits: properties that name a *Param definition. */
function schemaLeaves(): string[] {
  const schema = loadSchema('rulepack.schema.json') as { $defs: { parameters: Node } };
  const out: string[] = [];
  const walk = (node: Node, path: string[]) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (child.$ref?.endsWith('Param')) out.push([...path, key].join('.'));
      else walk(child, [...path, key]);
    }
  };
  walk(schema.$defs.parameters, []);
  return out.sort();
}

/** The packs with every informational parameter set to another value of its kind. */
function withInformationalChanged(set: PackSet): PackSet {
  const changed = (p: Parameter): Parameter => {
    if (!p.informational) return p;
    const value = typeof p.value === 'number' ? p.value + 17 : p.value === null ? 50 : `${String(p.value).slice(0, 4)}-01-02`;
    return { ...p, value };
  };
  return new Map([...set].map(([year, pack]): [number, YearPack] => [year, {
    ...pack, parameters: new Map([...pack.parameters].map(([name, p]) => [name, changed(p)])),
  }]));
}

describe('parameter units', () => {
  it('every parameter the schema admits has a unit the year answer lists, and nothing else has one', () => {
    const meta = parameterMeta();
    expect([...meta.keys()].sort()).toEqual(schemaLeaves());
    for (const [name, { unit }] of meta) expect(UNITS, name).toContain(unit);
  });

  it('every materialized parameter carries its unit; the context ones are informational', () => {
    for (const pack of packs.values()) {
      for (const p of pack.parameters.values()) expect(p.unit, `${pack.year} ${p.name}`).toBe(parameterMeta().get(p.name)!.unit);
      const informational = [...pack.parameters.values()].filter((p) => p.informational).map((p) => p.name);
      expect(informational, `${pack.year}`).toEqual(['thresholds.exceptionalPerformanceThreshold', 'thresholds.latestStartDate', 'thresholds.performanceThreshold']);
    }
    expect(packs.get(2024)!.parameters.get('thresholds.minContinuousDays')!.unit).toBe('days');
    expect(packs.get(2024)!.parameters.get('thresholds.groupActivityMinShare')!.unit).toBe('share');
  });

  it('no rule reads an informational parameter', () => {
    for (const pack of packs.values()) {
      for (const r of pack.rules) {
        for (const name of [r.event.params.parameter, r.event.params.table]) {
          if (name) expect(pack.parameters.get(name)?.informational, `${pack.year} ${r.name}`).toBeUndefined();
        }
      }
    }
  });

  it('changing every informational parameter changes no score, in every year', async () => {
    const edited = withInformationalChanged(packs);
    for (const pack of packs.values()) {
      await fc.assert(fc.asyncProperty(submissionArb(pack), async (sub) => {
        const a = await score(packs, sub, { explain: false });
        const b = await score(edited, sub, { explain: false });
        expect([b.points, b.rawPoints, b.categoryScore, b.categoryWeight, b.finalScoreContribution]).toEqual([a.points, a.rawPoints, a.categoryScore, a.categoryWeight, a.finalScoreContribution]);
        expect(b.activities.map((x) => [x.id, x.points, x.counted])).toEqual(a.activities.map((x) => [x.id, x.points, x.counted]));
      }), { numRuns: 60 });
    }
  });

  it('a period too short names the year\'s latest start date', async () => {
    const r = await score(packs, { performanceYear: 2024, activities: [{ id: 'IA_BE_3', performanceStart: '2024-10-04', performanceEnd: '2024-12-31' }] });
    expect(r.activities[0].reason).toBe('performed 89 continuous days (2024-10-04 to 2024-12-31); at least 90 needed: thresholds.minContinuousDays@2017 → 90; the last such period starts 2024-10-03 (thresholds.latestStartDate@2024 → 2024-10-03)');
  });

  it('GET /v1/years/{year} gives each parameter its unit, and marks the informational ones', async () => {
    const body = (await request(createApp({ packs })).get('/v1/years/2024').expect(200)).body as { parameters: { name: string; unit: string; informational?: boolean }[] };
    const byName = new Map(body.parameters.map((p) => [p.name, p]));
    expect(byName.get('thresholds.minContinuousDays')).toMatchObject({ unit: 'days' });
    expect(byName.get('thresholds.performanceThreshold')).toMatchObject({ unit: 'finalScorePoints', informational: true, value: 75 });
    expect(byName.get('specialStatusHolders')).toMatchObject({ unit: 'entityTypes' });
    expect(byName.get('points.standard')).not.toHaveProperty('informational');
    expect(body.parameters.every((p) => UNITS.includes(p.unit))).toBe(true);
  });
});
