import fc from 'fast-check';
import type { ActivityClaim, Submission } from '../score/submission.js';
import type { YearPack } from '../types.js';
import { accepts, apmParticipationsFor, entityTypesFor, hasMvps, mvpActivityIds, otherCategoryChoices, traditionalActivityIds, type EntityType, type OtherCategories } from './arbitraries.js';

// A realistic mix of submissions of one year, for the synthetic corpus (mips-ia corpus) and
// impact runs. What a year allows comes from the property tests' arbitraries (./arbitraries.ts:
// the year's attestable inventory, MVP lists, accepted entity types, existing weight rows);
// this module only weighs the draws as a year's submissions are weighed: mostly individuals and
// groups, 1-4 activities, periods mostly long enough, some groups where few clinicians performed
// an activity, few special paths (APM, PCMH, the study, EUC).

const isoDate = (year: number, day: number) => new Date(Date.UTC(year, 0, 1 + day)).toISOString().slice(0, 10);
const daysIn = (year: number) => Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000);

/** A performance period: mostly 90 days or more, sometimes too short. */
function periodArb(year: number): fc.Arbitrary<Pick<ActivityClaim, 'performanceStart' | 'performanceEnd'>> {
  const days = daysIn(year);
  return fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 90, max: days }) }, { weight: 1, arbitrary: fc.integer({ min: 30, max: 89 }) }), fc.nat())
    .map(([length, r]) => {
      const start = r % (days - length + 1);
      return { performanceStart: isoDate(year, start), performanceEnd: isoDate(year, start + length - 1) };
    });
}

/** Distinct claims among the IDs: 1-4, with details for groups (clinicians performing) and some periods. */
function claimsArb(year: number, ids: readonly string[], total: number | undefined): fc.Arbitrary<ActivityClaim[]> {
  const performing = total === undefined || total === 1
    ? fc.constant(undefined)
    : fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) }, // the attestation stands for the share being met
      { weight: 2, arbitrary: fc.constant(1) }, // one clinician did it
      { weight: 3, arbitrary: fc.integer({ min: 1, max: total }) },
    );
  const claim = fc.record({
    id: fc.constantFrom(...ids),
    period: fc.option(periodArb(year), { freq: 3, nil: undefined }),
    performing,
  }).map(({ id, period, performing: n }): ActivityClaim => ({ id, ...(period ?? {}), ...(n !== undefined ? { cliniciansPerforming: n } : {}) }));
  const count = fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 4, arbitrary: fc.constant(2) }, { weight: 3, arbitrary: fc.constant(3) }, { weight: 1, arbitrary: fc.constant(4) });
  return count.chain((n) => fc.uniqueArray(claim, { selector: (c) => c.id, minLength: Math.min(n, ids.length), maxLength: Math.min(n, ids.length) }));
}

/** A plausible submission of the year. */
export function corpusSubmissionArb(pack: YearPack): fc.Arbitrary<Submission> {
  const year = pack.year;
  const traditional = traditionalActivityIds(pack);
  const accepted = entityTypesFor(pack, 'traditional');
  const mvpEntities = hasMvps(pack) ? entityTypesFor(pack, 'mvp') : [];
  const mvps = mvpEntities.length ? [...pack.mvps.keys()].filter((id) => mvpActivityIds(pack, id).length > 0) : [];
  const app = pack.rules.some((r) => r.event.type === 'fullCredit' && r.event.params.basis === 'app');
  const mix: [EntityType, number][] = [['individual', 55], ['group', 35], ['apmEntity', 5], ['virtualGroup', 3]];
  const entity = fc.oneof(...mix.filter(([t]) => accepted.includes(t)).map(([t, weight]) => ({ weight, arbitrary: fc.constant(t) })));
  const size = (e: EntityType) => (e === 'individual' ? fc.constant(1) : fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 2, max: 15 }) },
    { weight: 4, arbitrary: fc.integer({ min: 16, max: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: 61, max: 400 }) },
  ));
  return entity.chain((entityType) => size(entityType).chain((total) => fc.record({
    share: fc.record({ rural: fc.double({ min: 0, max: 1, noNaN: true }), hpsa: fc.double({ min: 0, max: 1, noNaN: true }), npf: fc.double({ min: 0, max: 1, noNaN: true }) }),
    statusFlags: fc.record({ rural: fc.integer({ min: 0, max: 9 }), hpsa: fc.integer({ min: 0, max: 19 }), npf: fc.integer({ min: 0, max: 9 }) }),
    apm: fc.oneof(
      { weight: 7, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constant({ participation: 'otherApm' as const }) },
      { weight: 2, arbitrary: fc.constantFrom({ participation: 'mipsApm' as const, kind: 'webInterface' as const }, { participation: 'mipsApm' as const, kind: 'other' as const }) },
    ),
    path: fc.integer({ min: 0, max: 99 }),
    mvpId: mvps.length ? fc.constantFrom(...mvps) : fc.constant(undefined),
    pcmh: fc.integer({ min: 0, max: 99 }),
    sites: fc.integer({ min: 1, max: 8 }).chain((t) => fc.record({ total: fc.constant(t), pcmhRecognized: fc.integer({ min: 0, max: t }) })),
    study: fc.integer({ min: 0, max: 49 }),
    euc: fc.integer({ min: 0, max: 49 }),
    categories: fc.constantFrom<OtherCategories | undefined>(undefined, undefined, undefined, undefined, undefined, undefined, { pi: 'reweighted' }, { cost: 'reweighted' }, { quality: 'absent' }, { pi: 'absent' }),
  }).chain((d) => {
    const sub: Submission = { performanceYear: year, entityType };
    const isGroup = entityType !== 'individual';
    sub.clinicians = { total };
    if (isGroup) {
      // Counts of clinicians with a status: mostly none or a few, sometimes most of the group.
      if (d.statusFlags.rural === 0) sub.clinicians.rural = Math.round(d.share.rural * total);
      if (d.statusFlags.hpsa === 0) sub.clinicians.hpsa = Math.round(d.share.hpsa * total);
      if (d.statusFlags.npf === 0) sub.clinicians.nonPatientFacing = Math.round(d.share.npf * total);
    } else if (d.statusFlags.rural === 0 || d.statusFlags.hpsa === 0 || d.statusFlags.npf === 0) {
      sub.specialStatus = {
        ...(d.statusFlags.rural === 0 ? { rural: true } : {}),
        ...(d.statusFlags.hpsa === 0 ? { hpsa: true } : {}),
        ...(d.statusFlags.npf === 0 ? { nonPatientFacing: true } : {}),
      };
    }
    // An APM Entity is an APM participant: it always states one the year accepts.
    const apm = apmParticipationsFor(pack, entityType, 'traditional').includes(d.apm?.participation ?? 'none') ? d.apm : { participation: 'otherApm' as const };
    if (apm) sub.apm = apm;
    if (d.categories && otherCategoryChoices(pack, { entityType, reportingOption: 'traditional', apm }).some((c) => sameCategories(c, d.categories!))) {
      sub.otherCategories = d.categories;
    }
    if (d.study === 0) sub.cmsStudy = true;
    if (d.euc === 0) sub.euc = true;
    let ids = traditional;
    if (app && apm?.participation === 'mipsApm' && d.path < 40 && accepts(pack, { entityType, reportingOption: 'app', apmParticipation: 'mipsApm' })) {
      sub.reportingOption = 'app';
    } else if (d.mvpId && d.path >= 88 && mvpEntities.includes(entityType)) {
      sub.reportingOption = 'mvp';
      sub.mvpId = d.mvpId;
      ids = mvpActivityIds(pack, d.mvpId);
    }
    if (d.pcmh < 6 && sub.reportingOption !== 'app') {
      sub.pcmh = true;
      if (isGroup) sub.practiceSites = d.sites;
      return fc.constant(sub);
    }
    return claimsArb(year, ids, isGroup ? total : undefined).map((activities) => ({ ...sub, activities }));
  })));
}

function sameCategories(a: OtherCategories, b: OtherCategories): boolean {
  return (['quality', 'cost', 'pi'] as const).every((k) => a[k] === b[k]);
}
