// Properties of scoring (docs/rules.md), checked for every loaded year. Nothing here
// names a year: weights, points tables, MVP lists and rules all come from each year's pack, so
// a new pack is covered as soon as it loads.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPacks, resultJson, score, ScoreError } from '../engine/index.js';
import { schemasDir } from '../engine/paths.js';
import type { ActivityClaim, Submission } from '../engine/score/submission.js';
import type { Activity, YearPack } from '../engine/types.js';
import {
  apmParticipationsFor, byWeight, claimableIds, entityTypesFor, extraClaimArb, hasMvps, mvpActivityIds, mvpSubmissionArb,
  STATUS_NAMES, statusNameArb, submissionArb, traditionalActivityIds, traditionalSubmissionArb, unknownIdArb,
  type StatusName,
} from '../engine/corpus/arbitraries.js';

const packs = loadPacks();
/** A second, separately loaded pack set: cold caches, other objects, same content. */
const freshPacks = loadPacks();

const validateResult = new Ajv2020({ strict: true, allErrors: true })
  .compile(JSON.parse(readFileSync(join(schemasDir, 'result.schema.json'), 'utf8')));

/** Runs per property and year (the file stays well under 60 s on 2 cores); PROPERTY_RUNS=n to search harder. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const FEW_RUNS = Math.ceil(RUNS * 0.3);

/** The IA category cap (42 CFR 414.1380(b)(3): divided by 40 points): never more than 40 points. */
const CAP = 40;
/** The APM credit (42 CFR 414.1380(b)(3)(i)): at least half the points. */
const APM_FLOOR = CAP / 2;

function paramValue<T>(pack: YearPack, name: string): T {
  const p = pack.parameters.get(name);
  if (!p) throw new Error(`${pack.year}: no parameter ${name}`);
  return p.value as T;
}

function pointsTable(pack: YearPack, name: string): Record<string, number> {
  return paramValue<Record<string, number>>(pack, name);
}

function valueOf(table: Record<string, number>, activity: Activity): number {
  return table[activity.weight ?? 'unweighted'];
}

/** The engine rounds scores to four decimals. */
function expectFourDecimals(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
}

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * The earliest end of a period of `months` calendar months from `start`, computed apart from the
 * engine with Date: the same day-of-month that many months on (a day that month lacks: its last
 * day), minus one day.
 */
function monthsOn(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const target = Date.UTC(y, m - 1 + months, Math.min(d, lastOfTarget));
  return new Date(target - 86_400_000).toISOString().slice(0, 10);
}

/** The activity IDs of every loaded year: unknown IDs that look real. */
const everyYearsIds = [...new Set([...packs.values()].flatMap((p) => [...p.inventory.keys()]))];

for (const pack of packs.values()) {
  const year = pack.year;
  const maxPoints = paramValue<number>(pack, 'maxPoints');
  const standard = pointsTable(pack, 'points.standard');
  const special = pointsTable(pack, 'points.specialStatus');
  const mvp = hasMvps(pack) ? pointsTable(pack, 'points.mvp') : undefined;
  const traditionalIds = traditionalActivityIds(pack);
  const scoreIt = (sub: unknown) => score(packs, sub);
  const holders = paramValue<Record<StatusName, string[]>>(pack, 'specialStatusHolders');
  /** The statuses the submission states that its entity type can hold this year. */
  const heldStatuses = (sub: Submission) => STATUS_NAMES.filter((n) => sub.specialStatus?.[n] === true && holders[n].includes(sub.entityType ?? 'individual'));

  describe(`performance year ${year}`, () => {
    it('has a points table for every weight it claims, and caps at 40', () => {
      expect(maxPoints).toBe(CAP);
      for (const a of traditionalIds.map((id) => pack.activities.get(id)!)) {
        expect(valueOf(standard, a), `${a.id} ${a.weight}`).toBeGreaterThan(0);
        expect(valueOf(special, a), `${a.id} ${a.weight}`).toBeGreaterThan(0);
      }
    });

    it('keeps points in 0-40, derives the category score and contribution, and matches the result schema', async () => {
      await fc.assert(fc.asyncProperty(submissionArb(pack), async (sub) => {
        const r = await scoreIt(sub);
        expect(validateResult(r), JSON.stringify(validateResult.errors)).toBe(true);
        expect(r.maxPoints).toBe(maxPoints);
        expect(r.points).toBeGreaterThanOrEqual(0);
        expect(r.points).toBeLessThanOrEqual(CAP);
        expect(r.points).toBe(Math.min(maxPoints, r.rawPoints));
        expectFourDecimals(r.categoryScore, (r.points / maxPoints) * 100);
        expect(r.categoryWeight).toBe(r.categoryWeights.ia);
        expectFourDecimals(r.finalScoreContribution, (r.categoryScore / 100) * r.categoryWeight);
        // The weights are a row of one of the year's tables (or, IA reweighted, its none row with IA 0).
        const table = paramValue<Record<string, Record<string, number>>>(pack, r.categoryWeights.table);
        const row = table[r.categoryWeights.row] ?? (r.categoryWeights.row === 'ia' ? { ...table.none, ia: 0 } : undefined);
        expect(row, `${r.categoryWeights.table} row ${r.categoryWeights.row}`).toBeDefined();
        const { quality, cost, ia, pi } = r.categoryWeights;
        expect({ quality, cost, ia, pi }).toEqual(row);
      }), { numRuns: RUNS });
    });

    it('never lowers points when an activity is added, anywhere in the list', async () => {
      const arb = submissionArb(pack).chain((sub) => fc.tuple(
        fc.constant(sub),
        extraClaimArb(pack, sub),
        fc.nat({ max: sub.activities?.length ?? 0 }),
      ));
      await fc.assert(fc.asyncProperty(arb, async ([sub, claim, at]) => {
        const before = await scoreIt(sub);
        const activities = [...(sub.activities ?? [])];
        activities.splice(at, 0, claim);
        const after = await scoreIt({ ...sub, activities });
        expect(after.points).toBeGreaterThanOrEqual(before.points);
      }), { numRuns: RUNS });
    });

    /** A submission with some of its activities claimed again (repeatArb), and all its claims shuffled. */
    function shuffledWithRepeats(repeatArb: (sub: Submission) => fc.Arbitrary<ActivityClaim>): fc.Arbitrary<[Submission, ActivityClaim[]]> {
      return submissionArb(pack, { minActivities: 1 }).chain((sub) => {
        const claims = sub.activities!;
        return fc.tuple(
          fc.constant(sub),
          fc.array(repeatArb(sub), { minLength: 1, maxLength: 4 })
            .chain((repeats) => fc.shuffledSubarray([...claims, ...repeats], { minLength: claims.length + repeats.length })),
        );
      });
    }

    it('ignores the order of activities and repeated ones', async () => {
      const arb = shuffledWithRepeats((sub) => fc.constantFrom(...sub.activities!));
      await fc.assert(fc.asyncProperty(arb, async ([sub, reordered]) => {
        const a = await scoreIt(sub);
        const b = await scoreIt({ ...sub, activities: reordered });
        expect(b.points).toBe(a.points);
        expect(b.rawPoints).toBe(a.rawPoints);
        expect(b.activities).toEqual(a.activities);
      }), { numRuns: RUNS });
    });

    it('ignores the order of activities when one is repeated with other dates or counts', async () => {
      // Each activity counts once a year (CMS 2020 IA guide: "Each improvement activity can be reported only once"): which of its claims comes first cannot matter.
      const otherClaimOfSameId = (sub: Submission) => fc.constantFrom(...sub.activities!.map((c) => c.id))
        .chain((id) => extraClaimArb(pack, sub).map((claim) => ({ ...claim, id })));
      const arb = shuffledWithRepeats(otherClaimOfSameId).chain(([sub, claims]) =>
        fc.tuple(fc.constant(sub), fc.constant(claims), fc.shuffledSubarray(claims, { minLength: claims.length })));
      await fc.assert(fc.asyncProperty(arb, async ([sub, one, other]) => {
        const a = await scoreIt({ ...sub, activities: one });
        const b = await scoreIt({ ...sub, activities: other });
        expect(b.points).toBe(a.points);
        expect(b.activities).toEqual(a.activities);
      }), { numRuns: RUNS });
    });

    it('never lowers points for a special status in traditional MIPS', async () => {
      const arb = fc.tuple(traditionalSubmissionArb(pack), statusNameArb);
      await fc.assert(fc.asyncProperty(arb, async ([sub, status]) => {
        const without = await scoreIt(sub);
        const withStatus = await scoreIt({ ...sub, specialStatus: { ...sub.specialStatus, [status]: true } });
        // A status the entity type cannot hold this year is not applied, and says why.
        const held = holders[status].includes(sub.entityType ?? 'individual');
        if (held) expect(withStatus.specialStatus.applied).toBe(true);
        else expect(withStatus.specialStatus.statuses[status]).toMatchObject({ value: false, source: 'notApplicable' });
        expect(withStatus.points).toBeGreaterThanOrEqual(without.points);
      }), { numRuns: RUNS });
    });

    it('gives a PCMH (pcmh: true, individual) 40 points', async () => {
      await fc.assert(fc.asyncProperty(submissionArb(pack, { entityTypes: ['individual'] }), async (sub) => {
        const r = await scoreIt({ ...sub, pcmh: true });
        expect(r.points).toBe(CAP);
        expect(r.basis).toContain('pcmh');
      }), { numRuns: RUNS });
    });

    it('gives an APM participant in traditional MIPS with an activity at least 20 points', async () => {
      const arb = traditionalSubmissionArb(pack, { apm: { participation: 'otherApm' }, euc: false, minActivities: 1 });
      await fc.assert(fc.asyncProperty(arb, async (sub) => {
        const r = await scoreIt(sub);
        expect(r.points).toBeGreaterThanOrEqual(APM_FLOOR);
        expect(r.basis).toContain('apmCredit');
      }), { numRuns: RUNS });
    });

    /** The table the year's rules should apply, from what the submission states. */
    function expectedTable(sub: Submission): { name: string; table: Record<string, number> } {
      if (sub.reportingOption === 'mvp') return { name: 'points.mvp', table: mvp! };
      return heldStatuses(sub).length > 0 ? { name: 'points.specialStatus', table: special } : { name: 'points.standard', table: standard };
    }

    /**
     * Whether a claim counts: performed for at least the activity's calendar months (minMonths) or
     * days (its own minDays, else the year's continuous period) within the year, and for a group by
     * at least the year's number and share of its clinicians. Without dates or counts, it does.
     * Undefined for work begun after a dated suspension: whether such an attestation stands is the
     * engine's call, not a property's.
     */
    function expectedCounted(sub: Submission, claim: ActivityClaim): boolean | undefined {
      const activity = pack.activities.get(claim.id)!;
      const suspendedOn = pack.suspended.get(claim.id)?.date;
      if (suspendedOn !== undefined && claim.performanceStart !== undefined && claim.performanceStart > suspendedOn) return undefined;
      if (claim.performanceStart !== undefined || claim.performanceEnd !== undefined) {
        const start = Date.parse(claim.performanceStart ?? `${year}-01-01`);
        const end = Date.parse(claim.performanceEnd ?? `${year}-12-31`);
        const days = Math.round((end - start) / 86_400_000) + 1;
        if (activity.minMonths) {
          if ((claim.performanceEnd ?? `${year}-12-31`) < monthsOn(claim.performanceStart ?? `${year}-01-01`, activity.minMonths)) return false;
        } else if (days < (activity.minDays ?? paramValue<number>(pack, 'thresholds.minContinuousDays'))) return false;
      }
      if ((sub.entityType ?? 'individual') !== 'individual' && claim.cliniciansPerforming !== undefined) {
        const total = sub.clinicians?.total;
        const share = total === undefined ? 0 : Math.ceil(paramValue<number>(pack, 'thresholds.groupActivityMinShare') * total);
        if (claim.cliniciansPerforming < Math.max(paramValue<number>(pack, 'thresholds.groupActivityMinClinicians'), share)) return false;
      }
      return true;
    }

    it('without credits, scores the sum of counted activities at the table value of their weight, capped', async () => {
      await fc.assert(fc.asyncProperty(submissionArb(pack, { credits: false, statuses: 'all' }), async (sub) => {
        const r = await scoreIt(sub);
        const { table } = expectedTable(sub);
        expect(r.specialStatus.applied).toBe(heldStatuses(sub).length > 0);
        const claims = new Map(sub.activities!.map((c) => [c.id, c]));
        let sum = 0;
        for (const a of r.activities) {
          const counted = expectedCounted(sub, claims.get(a.id)!);
          if (counted !== undefined) expect(a.counted, `${a.id}: ${JSON.stringify(claims.get(a.id))} ${a.reason ?? ''}`).toBe(counted);
          expect(a.points, a.id).toBe(a.counted ? valueOf(table, pack.activities.get(a.id)!) : 0);
          sum += a.points;
        }
        expect(r.rawPoints).toBe(sum);
        expect(r.points).toBe(Math.min(CAP, sum));
      }), { numRuns: RUNS });
    });

    it('without credits, counts every plainly claimed activity (no dates or clinician counts)', async () => {
      await fc.assert(fc.asyncProperty(submissionArb(pack, { credits: false, statuses: 'all', claimDetails: false }), async (sub) => {
        const r = await scoreIt(sub);
        const { table } = expectedTable(sub);
        const claimed = sub.activities!.map((c) => pack.activities.get(c.id)!);
        expect(r.activities.every((a) => a.counted)).toBe(true);
        expect(r.points).toBe(Math.min(CAP, claimed.reduce((s, a) => s + valueOf(table, a), 0)));
      }), { numRuns: RUNS });
    });

    // Full credit (42 CFR 414.1380(b)(3)): 2 high, 1 high + 2 medium or 4 medium; with a special
    // status 1 high or 2 medium; under an MVP 1 high or 2 medium. In general: ceil(40 / value)
    // activities of one weight reach 40 and one fewer does not.

    /** Distinct activities of the IDs: `count` of each weight. */
    function pickArb(ids: readonly string[], counts: Record<string, number>): fc.Arbitrary<ActivityClaim[]> {
      const groups = byWeight(pack, ids);
      return fc.tuple(...Object.entries(counts).map(([w, n]) => fc.shuffledSubarray(groups.get(w) ?? [], { minLength: n, maxLength: n })))
        .map((parts) => parts.flat().map((a) => ({ id: a.id })));
    }

    function possible(ids: readonly string[], counts: Record<string, number>): boolean {
      const groups = byWeight(pack, ids);
      return Object.entries(counts).every(([w, n]) => (groups.get(w)?.length ?? 0) >= n);
    }

    // Types scored without an APM participation: the full-credit counts hold without the APM credit.
    const withoutApm = (option: 'traditional' | 'mvp') => entityTypesFor(pack, option).filter((t) => apmParticipationsFor(pack, t, option).includes('none'));
    const traditionalTypes = withoutApm('traditional');
    const noStatus = Object.fromEntries(STATUS_NAMES.map((n) => [n, false])) as Record<StatusName, boolean>;
    const oneStatusArb = statusNameArb.map((n) => ({ ...noStatus, [n]: true }));

    async function expectFullCredit(sub: Submission, combo: string): Promise<void> {
      const r = await scoreIt(sub);
      expect(r.points, `${combo}: ${sub.activities!.map((a) => a.id).join(', ')}`).toBe(CAP);
      expect(r.basis).toEqual(['activities']);
    }

    const combos: { label: string; table: Record<string, number>; counts: Record<string, number>; statuses: fc.Arbitrary<Record<StatusName, boolean>> }[] = [];
    if ('medium' in standard && 'high' in standard) {
      combos.push(
        { label: '2 high', table: standard, counts: { high: 2 }, statuses: fc.constant(noStatus) },
        { label: '1 high + 2 medium', table: standard, counts: { high: 1, medium: 2 }, statuses: fc.constant(noStatus) },
        { label: '4 medium', table: standard, counts: { medium: 4 }, statuses: fc.constant(noStatus) },
      );
    }
    if ('medium' in special && 'high' in special) {
      combos.push(
        { label: 'special status, 1 high', table: special, counts: { high: 1 }, statuses: oneStatusArb },
        { label: 'special status, 2 medium', table: special, counts: { medium: 2 }, statuses: oneStatusArb },
      );
    }
    for (const { label, counts, statuses } of combos) {
      it(`reaches 40 points with ${label}`, async () => {
        expect(possible(traditionalIds, counts)).toBe(true);
        const arb = fc.record({ entityType: fc.constantFrom(...traditionalTypes), specialStatus: statuses, activities: pickArb(traditionalIds, counts) });
        await fc.assert(fc.asyncProperty(arb, async (parts) => {
          await expectFullCredit({ performanceYear: year, ...parts }, label);
        }), { numRuns: FEW_RUNS });
      });
    }

    it('reaches 40 points with ceil(40 / value) activities of one weight, and not with one fewer', async () => {
      const cases = [
        ...[...byWeight(pack, traditionalIds).keys()].flatMap((w) => [
          { table: standard, weight: w, statuses: fc.constant(noStatus) },
          { table: special, weight: w, statuses: oneStatusArb },
        ]),
      ];
      const arb = fc.constantFrom(...cases).chain(({ table, weight, statuses }) => {
        const needed = Math.ceil(CAP / table[weight]);
        return fc.record({
          needed: fc.constant(needed),
          entityType: fc.constantFrom(...traditionalTypes),
          specialStatus: statuses,
          activities: pickArb(traditionalIds, { [weight]: needed }),
        });
      });
      await fc.assert(fc.asyncProperty(arb, async ({ needed, ...parts }) => {
        const full = await scoreIt({ performanceYear: year, ...parts });
        expect(full.points).toBe(CAP);
        const short = await scoreIt({ performanceYear: year, ...parts, activities: parts.activities.slice(1) });
        expect(short.points).toBeLessThan(CAP);
        expect(parts.activities).toHaveLength(needed);
      }), { numRuns: FEW_RUNS });
    });

    if (mvp) {
      const mvpTypes = withoutApm('mvp');
      type Combo = { label: string; counts: Record<string, number> };
      const mvpCombos: Combo[] = 'medium' in mvp && 'high' in mvp
        ? [{ label: '1 high', counts: { high: 1 } }, { label: '2 medium', counts: { medium: 2 } }]
        : [];
      for (const { label, counts } of mvpCombos) {
        it(`reaches 40 points under an MVP with ${label} from the MVP's list, whatever the special status`, async () => {
          const mvpIds = [...pack.mvps.keys()].filter((id) => possible(mvpActivityIds(pack, id), counts));
          expect(mvpIds.length).toBeGreaterThan(0);
          const arb = fc.constantFrom(...mvpIds).chain((mvpId) => fc.record({
            mvpId: fc.constant(mvpId),
            entityType: fc.constantFrom(...mvpTypes),
            specialStatus: fc.oneof(fc.constant(noStatus), oneStatusArb),
            activities: pickArb(mvpActivityIds(pack, mvpId), counts),
          }));
          await fc.assert(fc.asyncProperty(arb, async (parts) => {
            await expectFullCredit({ performanceYear: year, reportingOption: 'mvp', ...parts }, `MVP ${parts.mvpId}, ${label}`);
          }), { numRuns: FEW_RUNS });
        });
      }

      it("counts under an MVP none of the year's other activities", async () => {
        const arb = mvpSubmissionArb(pack, { minActivities: 1 }).chain((sub) => {
          const listed = new Set(claimableIds(pack, sub));
          const others = traditionalIds.filter((id) => !listed.has(id));
          return fc.tuple(fc.constant(sub), fc.constantFrom(...others));
        });
        await fc.assert(fc.asyncProperty(arb, async ([sub, id]) => {
          const before = await scoreIt(sub);
          const after = await scoreIt({ ...sub, activities: [...sub.activities!, { id }] });
          const added = after.activities.find((a) => a.id === id);
          expect(added).toMatchObject({ counted: false, points: 0 });
          expect(after.points).toBe(before.points);
        }), { numRuns: FEW_RUNS });
      });
    }

    const monthActivities = traditionalIds.map((id) => pack.activities.get(id)!).filter((a) => a.minMonths);
    if (monthActivities.length > 0) {
      it('counts a calendar-month period exactly when its end reaches the day before the same day-of-month n months on', async () => {
        const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
        const dateOf = (day: number) => new Date(Date.UTC(year, 0, 1 + day)).toISOString().slice(0, 10);
        const arb = fc.record({
          activity: fc.constantFrom(...monthActivities),
          start: fc.integer({ min: 0, max: days - 1 }),
          length: fc.integer({ min: 0, max: days - 1 }),
        }).map(({ activity, start, length }) => ({ activity, start: dateOf(start), end: dateOf(Math.min(days - 1, start + length)) }));
        await fc.assert(fc.asyncProperty(arb, async ({ activity, start, end }) => {
          const r = await scoreIt({ performanceYear: year, activities: [{ id: activity.id, performanceStart: start, performanceEnd: end }] });
          const needed = monthsOn(start, activity.minMonths!);
          expect(r.activities[0].counted, `${activity.id} ${start} to ${end}; needs ${needed}`).toBe(end >= needed);
          if (!r.activities[0].counted) expect(r.activities[0].reason).toContain(`${activity.minMonths} calendar months, to ${needed} or later`);
        }), { numRuns: RUNS });
      });
    }

    it('refuses any status or PCMH-site count above its total (INVALID_SUBMISSION naming the path and both numbers), and accepts one at or below it', async () => {
      const parts = [['clinicians', 'rural'], ['clinicians', 'hpsa'], ['clinicians', 'nonPatientFacing'], ['practiceSites', 'pcmhRecognized']] as const;
      const arb = fc.record({
        sub: submissionArb(pack),
        part: fc.constantFrom(...parts),
        total: fc.integer({ min: 1, max: 500 }),
        over: fc.integer({ min: -500, max: 500 }),
      });
      await fc.assert(fc.asyncProperty(arb, async ({ sub, part, total, over }) => {
        const [group, key] = [part[0], part[1]];
        const count = Math.max(0, total + over);
        const input = group === 'clinicians'
          ? { ...sub, clinicians: { total, [key]: count } }
          : { ...sub, practiceSites: { total, [key]: count } };
        const e = await thrown(() => scoreIt(input));
        if (count <= total) {
          if (e !== undefined) expect((e as ScoreError).errors?.some((p) => p.path === `${group}.${key}`), JSON.stringify(e)).toBe(false);
          return;
        }
        expect(e).toBeInstanceOf(ScoreError);
        const err = e as ScoreError;
        expect(err.code).toBe('INVALID_SUBMISSION');
        const problem = err.errors.find((p) => p.path === `${group}.${key}`);
        expect(problem?.message, JSON.stringify(err.errors)).toMatch(new RegExp(`^${count} .*, but ${group}.total is ${total}$`));
      }), { numRuns: RUNS });
    });

    it('gives the same result for the same input, byte for byte, across calls and pack loads (cold caches)', async () => {
      await fc.assert(fc.asyncProperty(submissionArb(pack), async (sub) => {
        const copy = structuredClone(sub);
        const result = await score(packs, sub);
        const first = JSON.stringify(result);
        expect(JSON.parse(resultJson(result))).toEqual(JSON.parse(first)); // the service's and the CLI's text of it
        // The explanation is shared by every result of the same decision: no caller can alter it.
        expect(Object.isFrozen(result.rules) && result.rules.every((r) => Object.isFrozen(r) && Object.isFrozen(r.parameters))).toBe(true);
        expect(JSON.stringify(await score(packs, copy))).toBe(first);
        expect(JSON.stringify(await score(freshPacks, copy))).toBe(first);
        expect(sub).toEqual(copy); // scoring does not touch its input
      }), { numRuns: RUNS });
    });

    it('throws UNKNOWN_ACTIVITY naming an ID the year cannot attest', async () => {
      const arb = submissionArb(pack).chain((sub) => fc.record({
        sub: fc.constant(sub),
        id: unknownIdArb(pack, everyYearsIds),
        at: fc.nat({ max: sub.activities?.length ?? 0 }),
      }));
      await fc.assert(fc.asyncProperty(arb, async ({ sub, id, at }) => {
        const activities = [...(sub.activities ?? [])];
        activities.splice(at, 0, { id });
        const e = await thrown(() => scoreIt({ ...sub, activities }));
        expect(e).toBeInstanceOf(ScoreError);
        const err = e as ScoreError;
        expect(err.code).toBe('UNKNOWN_ACTIVITY');
        const problem = err.errors.find((p) => p.path === `activities[${at}].id`);
        expect(problem?.message, JSON.stringify(err.errors)).toContain(id);
      }), { numRuns: RUNS });
    });

    it('throws nothing but ScoreError on junk input', async () => {
      const junkField = submissionArb(pack).chain((sub) => fc.tuple(
        fc.constant(sub),
        fc.constantFrom('performanceYear', 'entityType', 'reportingOption', 'mvpId', 'specialStatus', 'clinicians', 'practiceSites', 'pcmh', 'apm', 'cmsStudy', 'euc', 'otherCategories', 'activities', 'extra'),
        fc.anything(),
      )).map(([sub, key, junk]) => ({ ...sub, [key]: junk }));
      const junkClaim = submissionArb(pack).chain((sub) => fc.tuple(fc.constant(sub), fc.anything()))
        .map(([sub, junk]) => ({ ...sub, activities: [...(sub.activities ?? []), junk] }));
      const arb = fc.oneof(fc.anything(), junkField, junkClaim);
      await fc.assert(fc.asyncProperty(arb, async (input) => {
        const e = await thrown(() => scoreIt(input));
        if (e !== undefined) expect(e, String(e)).toBeInstanceOf(ScoreError);
      }), { numRuns: RUNS });
    });
  });
}

