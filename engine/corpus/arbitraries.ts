// fast-check arbitraries of valid IA submissions for one year, everything derived from the
// year's pack: its attestable inventory, its MVPs, its rules (which entity types it refuses,
// which category weight rows exist). Shared by the property tests and, later, the synthetic
// corpus generator. A "valid" submission is one the engine scores without throwing.

import fc from 'fast-check';
import type { ActivityClaim, Submission } from '../score/submission.js';
import { holds } from '../rules/conditions.js';
import type { EventType } from '../rules/event.js';
import { EVENT_TYPES } from '../rules/events.js';
import { reweight } from '../rules/events/reweight.js';
import { weightTable } from '../rules/events/weight-table.js';
import { selectWeights } from '../score/weights.js';
import type { Activity, Rule, YearPack } from '../types.js';

export type EntityType = NonNullable<Submission['entityType']>;
export type StatusName = keyof NonNullable<Submission['specialStatus']>;
export type CategoryStatus = NonNullable<NonNullable<Submission['otherCategories']>['quality']>;
export type OtherCategories = NonNullable<Submission['otherCategories']>;
export type Apm = NonNullable<Submission['apm']>;

export const ENTITY_TYPES: readonly EntityType[] = ['individual', 'group', 'virtualGroup', 'subgroup', 'apmEntity'];
export const STATUS_NAMES: readonly StatusName[] = ['smallPractice', 'rural', 'hpsa', 'nonPatientFacing'];
const CATEGORY_STATUSES: readonly CategoryStatus[] = ['submitted', 'reweighted', 'absent'];

// ---------------------------------------------------------------------------------------------
// What the year allows, from its pack.

/** Activities a traditional-MIPS claim may name: attestable, not the PCMH attestation, open to MIPS, not MVP-only. */
export function traditionalActivityIds(pack: YearPack): string[] {
  return [...pack.activities.values()]
    .filter((a) => !a.pcmhAttestation && !a.mvpOnly && (!a.allowedPrograms || a.allowedPrograms.includes('mips')))
    .map((a) => a.id);
}

/** Activities an MVP claim may name: the MVP's list, attestable, not the PCMH attestation. */
export function mvpActivityIds(pack: YearPack, mvpId: string): string[] {
  return (pack.mvps.get(mvpId)?.activities ?? []).filter((id) => {
    const a = pack.activities.get(id);
    return a !== undefined && !a.pcmhAttestation;
  });
}

/** The year's activities of the given IDs, by weight (`unweighted` for a null weight). */
export function byWeight(pack: YearPack, ids: readonly string[]): Map<string, Activity[]> {
  const groups = new Map<string, Activity[]>();
  for (const id of ids) {
    const a = pack.activities.get(id)!;
    const key = a.weight ?? 'unweighted';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return groups;
}

/** A valid submission fires no rule that refuses it. */
const refuses = (t: EventType) => t.aspect === 'refusal';

/** Rules of an event type that fire, or may fire, on these partly known facts. */
function rulesThatMayFire(pack: YearPack, which: (type: EventType) => boolean, facts: Readonly<Record<string, unknown>>): Rule[] {
  return pack.rules.filter((r) => which(EVENT_TYPES[r.event.type]) && holds(r.conditions, facts) !== false);
}

const PARTICIPATIONS: readonly Apm['participation'][] = ['none', 'mipsApm', 'otherApm'];

/** Whether the year accepts a submission of these facts: no reject rule may fire on them. */
export function accepts(pack: YearPack, facts: { entityType: EntityType; reportingOption: string; apmParticipation: string }): boolean {
  return rulesThatMayFire(pack, refuses, { ...UNSTATED, ...facts, isGroup: facts.entityType !== 'individual' }).length === 0;
}

/** The APM participations with which the year accepts the entity type and option. */
export function apmParticipationsFor(pack: YearPack, entityType: EntityType, reportingOption: 'traditional' | 'mvp'): Apm['participation'][] {
  return PARTICIPATIONS.filter((apmParticipation) => accepts(pack, { entityType, reportingOption, apmParticipation }));
}

/** Entity types the year accepts for the reporting option, with some APM participation. */
export function entityTypesFor(pack: YearPack, reportingOption: 'traditional' | 'mvp'): EntityType[] {
  return ENTITY_TYPES.filter((entityType) => apmParticipationsFor(pack, entityType, reportingOption).length > 0);
}

/** Facts of fields these arbitraries never state, at the submission schema's defaults. */
const UNSTATED = { multispecialty: false };

/** Whether the year has MVPs a submission can report (some entity type is accepted). */
export function hasMvps(pack: YearPack): boolean {
  return pack.mvps.size > 0 && entityTypesFor(pack, 'mvp').length > 0;
}

/** The facts a submission fixes before its other categories are drawn. */
export interface KnownFacts {
  entityType: EntityType;
  reportingOption: 'traditional' | 'mvp';
  apm?: Apm;
}

/**
 * Other-category statuses that give a category weight row whatever else holds: for every weight
 * table the rules may pick and every set of categories the rules may reweight, the row exists.
 * (2017 has no "pi+quality" row, the APM scoring standard tables have three rows, and so on.)
 */
export function otherCategoryChoices(pack: YearPack, known: KnownFacts): OtherCategories[] {
  const choices: OtherCategories[] = [];
  const options = [undefined, ...CATEGORY_STATUSES];
  for (const quality of options) for (const cost of options) for (const pi of options) {
    const cats: OtherCategories = {
      ...(quality ? { quality } : {}), ...(cost ? { cost } : {}), ...(pi ? { pi } : {}),
    };
    if (weightRowsExist(pack, known, cats)) choices.push(cats);
  }
  return choices;
}

function weightRowsExist(pack: YearPack, known: KnownFacts, cats: OtherCategories): boolean {
  const facts: Record<string, unknown> = {
    entityType: known.entityType,
    isGroup: known.entityType !== 'individual',
    reportingOption: known.reportingOption,
    apmParticipation: known.apm?.participation ?? 'none',
    apmKind: known.apm?.kind ?? 'other',
    qualityStatus: cats.quality ?? 'submitted',
    costStatus: cats.cost ?? 'submitted',
    piStatus: cats.pi ?? 'submitted',
  };
  const tables = rulesThatMayFire(pack, (t) => t === weightTable, facts);
  // IA reweighted (EUC) falls back to a zero IA weight: never a missing row.
  const mayReweight = [...new Set(rulesThatMayFire(pack, (t) => t === reweight, facts).map((r) => r.event.params.category!))].filter((c) => c !== 'ia');
  for (const weightTable of tables) {
    for (let mask = 0; mask < 1 << mayReweight.length; mask++) {
      const reweighted = new Set(mayReweight.filter((_, i) => mask & (1 << i)));
      if ('error' in selectWeights(pack, weightTable, reweighted, { performanceYear: pack.year, otherCategories: cats })) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The parts of a submission.

export const statusNameArb: fc.Arbitrary<StatusName> = fc.constantFrom(...STATUS_NAMES);

/** Some special statuses stated (any of the four, true or false). */
export const someStatusesArb: fc.Arbitrary<Record<string, boolean>> = fc.record(
  { smallPractice: fc.boolean(), rural: fc.boolean(), hpsa: fc.boolean(), nonPatientFacing: fc.boolean() },
  { requiredKeys: [] },
);

/** All four special statuses stated: the given values win over any clinician counts. */
export const allStatusesArb: fc.Arbitrary<Record<StatusName, boolean>> = fc.record({
  smallPractice: fc.boolean(), rural: fc.boolean(), hpsa: fc.boolean(), nonPatientFacing: fc.boolean(),
});

/** Clinician counts: a total, and for some statuses how many of them hold it. */
export const cliniciansArb: fc.Arbitrary<NonNullable<Submission['clinicians']>> = fc.integer({ min: 1, max: 60 }).chain((total) =>
  fc.record({
    total: fc.constant(total),
    rural: fc.integer({ min: 0, max: total }),
    hpsa: fc.integer({ min: 0, max: total }),
    nonPatientFacing: fc.integer({ min: 0, max: total }),
  }, { requiredKeys: ['total'] }));

/** APM participation; the kind (Web Interface or other MIPS APM) sometimes stated. */
export const apmArb: fc.Arbitrary<Apm> = fc.record(
  { participation: fc.constantFrom('none', 'mipsApm', 'otherApm'), kind: fc.constantFrom('webInterface', 'other') },
  { requiredKeys: ['participation'] },
) as fc.Arbitrary<Apm>;

function isoDate(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function daysIn(year: number): number {
  return Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000);
}

/** A performance period inside the year (start, end or both; any length, so not always 90 days). */
export function periodArb(year: number): fc.Arbitrary<Pick<ActivityClaim, 'performanceStart' | 'performanceEnd'>> {
  const last = daysIn(year) - 1;
  return fc.tuple(fc.integer({ min: 0, max: last }), fc.integer({ min: 0, max: last }), fc.constantFrom('both', 'start', 'end'))
    .map(([a, b, which]) => {
      const [start, end] = a <= b ? [a, b] : [b, a];
      return {
        ...(which !== 'end' ? { performanceStart: isoDate(year, start) } : {}),
        ...(which !== 'start' ? { performanceEnd: isoDate(year, end) } : {}),
      };
    });
}

/**
 * A claim of one of the IDs; with details, maybe a period and a count of clinicians performing
 * it (at most the group's total, when the total is known).
 */
export function activityClaimArb(pack: YearPack, ids: readonly string[], opts: { details?: boolean; clinicianTotal?: number } = {}): fc.Arbitrary<ActivityClaim> {
  const id = fc.constantFrom(...ids);
  if (opts.details === false) return id.map((i) => ({ id: i }));
  return fc.record({
    id,
    period: fc.option(periodArb(pack.year), { freq: 2 }),
    cliniciansPerforming: fc.option(fc.integer({ min: 0, max: opts.clinicianTotal ?? 30 }), { freq: 2 }),
  }).map(({ id: i, period, cliniciansPerforming }) => ({
    id: i,
    ...(period ?? {}),
    ...(cliniciansPerforming !== null ? { cliniciansPerforming } : {}),
  }));
}

/** Claims of distinct activities among the IDs. */
export function activityClaimsArb(pack: YearPack, ids: readonly string[], opts: { details?: boolean; clinicianTotal?: number; minLength?: number; maxLength?: number } = {}): fc.Arbitrary<ActivityClaim[]> {
  return fc.uniqueArray(activityClaimArb(pack, ids, opts), {
    selector: (c) => c.id,
    minLength: Math.min(opts.minLength ?? 0, ids.length),
    maxLength: Math.min(opts.maxLength ?? 8, ids.length),
  });
}

// ---------------------------------------------------------------------------------------------
// Whole submissions.

export interface SubmissionOptions {
  /** Entity types to draw from; default every type the year accepts for the reporting option. */
  entityTypes?: readonly EntityType[];
  /** Draw PCMH, APM participation and the CMS study (default true). False leaves all three out. */
  credits?: boolean;
  /** A fixed APM participation instead of a drawn one. */
  apm?: Apm;
  /** 'some' (default): some statuses stated, maybe clinician counts; 'all': all four stated, so the given values decide; 'none': none stated, no counts. */
  statuses?: 'some' | 'all' | 'none';
  /** Draw an EUC exception (default true). */
  euc?: boolean;
  /** Claims may carry periods and clinicians performing (default true); false: bare IDs. */
  claimDetails?: boolean;
  minActivities?: number;
  maxActivities?: number;
}

interface Frame {
  entityType: EntityType;
  reportingOption?: 'traditional';
  specialStatus?: Record<string, boolean>;
  clinicians?: NonNullable<Submission['clinicians']>;
  pcmh?: boolean;
  apm?: Apm;
  cmsStudy?: boolean;
  euc?: boolean;
}

function frameArb(pack: YearPack, reportingOption: 'traditional' | 'mvp', opts: SubmissionOptions): fc.Arbitrary<Frame> {
  const credits = opts.credits ?? true;
  // The participations each type may state here: the fixed one, any drawn one, or none at all.
  const participations = (t: EntityType) => {
    const accepted = apmParticipationsFor(pack, t, reportingOption);
    if (opts.apm) return accepted.includes(opts.apm.participation) ? [opts.apm.participation] : [];
    return credits ? accepted : accepted.filter((p) => p === 'none');
  };
  const accepted = entityTypesFor(pack, reportingOption).filter((t) => participations(t).length > 0);
  const entityTypes = opts.entityTypes ? accepted.filter((t) => opts.entityTypes!.includes(t)) : accepted;
  if (entityTypes.length === 0) throw new Error(`${pack.year}: no entity type among ${opts.entityTypes?.join(', ')} is accepted for ${reportingOption}`);
  const statuses = opts.statuses ?? 'some';
  return fc.constantFrom(...entityTypes).chain((entityType) => {
    const arbs: Record<string, fc.Arbitrary<unknown>> = { entityType: fc.constant(entityType) };
    if (reportingOption === 'traditional') arbs.reportingOption = fc.constant('traditional');
    if (statuses === 'some') Object.assign(arbs, { specialStatus: someStatusesArb, clinicians: cliniciansArb });
    if (statuses === 'all') arbs.specialStatus = allStatusesArb;
    if (credits) Object.assign(arbs, { pcmh: fc.boolean(), cmsStudy: fc.boolean() });
    // An entity type that needs a participation (an APM Entity) always states one.
    const needsApm = !participations(entityType).includes('none');
    if (opts.apm) arbs.apm = fc.constant(opts.apm);
    else if (credits) arbs.apm = apmArb.filter((a) => participations(entityType).includes(a.participation));
    if (opts.euc ?? true) arbs.euc = fc.boolean();
    const required = ['entityType', ...(statuses === 'all' ? ['specialStatus'] : []), ...(opts.apm || needsApm ? ['apm'] : [])];
    return fc.record(arbs, { requiredKeys: required }) as unknown as fc.Arbitrary<Frame>;
  });
}

function withCategoriesAndClaims(pack: YearPack, frame: Frame, known: KnownFacts, ids: readonly string[], opts: SubmissionOptions): fc.Arbitrary<{ otherCategories?: OtherCategories; activities: ActivityClaim[] }> {
  const choices = otherCategoryChoices(pack, known);
  if (choices.length === 0) throw new Error(`${pack.year}: no other-category statuses give a weight row for ${JSON.stringify(known)}`);
  // Leaving otherCategories out is the same as {}: allowed when {} is a choice.
  const stated = choices.filter((c) => Object.keys(c).length > 0);
  const canOmit = stated.length < choices.length;
  return fc.record({
    otherCategories: fc.constantFrom(...(stated.length > 0 ? stated : choices)),
    activities: activityClaimsArb(pack, ids, {
      details: opts.claimDetails, clinicianTotal: frame.clinicians?.total, minLength: opts.minActivities, maxLength: opts.maxActivities,
    }),
  }, { requiredKeys: canOmit ? ['activities'] : ['activities', 'otherCategories'] });
}

/** A valid traditional-MIPS submission of the year. */
export function traditionalSubmissionArb(pack: YearPack, opts: SubmissionOptions = {}): fc.Arbitrary<Submission> {
  const ids = traditionalActivityIds(pack);
  return frameArb(pack, 'traditional', opts).chain((frame) =>
    withCategoriesAndClaims(pack, frame, { entityType: frame.entityType, reportingOption: 'traditional', apm: frame.apm }, ids, opts)
      .map((rest) => ({ performanceYear: pack.year, ...frame, ...rest }) as Submission));
}

/** A valid MVP submission of the year (the year must have MVPs): activities from the chosen MVP's list. */
export function mvpSubmissionArb(pack: YearPack, opts: SubmissionOptions = {}): fc.Arbitrary<Submission> {
  const mvpIds = [...pack.mvps.keys()].filter((id) => mvpActivityIds(pack, id).length > 0);
  return fc.tuple(fc.constantFrom(...mvpIds), frameArb(pack, 'mvp', opts)).chain(([mvpId, frame]) =>
    withCategoriesAndClaims(pack, frame, { entityType: frame.entityType, reportingOption: 'mvp', apm: frame.apm }, mvpActivityIds(pack, mvpId), opts)
      .map((rest) => ({ performanceYear: pack.year, ...frame, reportingOption: 'mvp', mvpId, ...rest }) as Submission));
}

/** A valid submission of the year: traditional MIPS, or an MVP where the year has them. */
export function submissionArb(pack: YearPack, opts: SubmissionOptions = {}): fc.Arbitrary<Submission> {
  return hasMvps(pack) ? fc.oneof(traditionalSubmissionArb(pack, opts), mvpSubmissionArb(pack, opts)) : traditionalSubmissionArb(pack, opts);
}

/** The IDs a claim may name in this submission: the MVP's list under an MVP, else the traditional inventory. */
export function claimableIds(pack: YearPack, sub: Submission): string[] {
  return sub.reportingOption === 'mvp' ? mvpActivityIds(pack, sub.mvpId!) : traditionalActivityIds(pack);
}

/** One more claim that fits the submission (its IDs, its group's clinician total). */
export function extraClaimArb(pack: YearPack, sub: Submission): fc.Arbitrary<ActivityClaim> {
  return activityClaimArb(pack, claimableIds(pack, sub), { clinicianTotal: sub.clinicians?.total });
}

/** An activity-shaped ID (the submission schema's pattern) that the year cannot attest. */
export function unknownIdArb(pack: YearPack, otherYearIds: readonly string[]): fc.Arbitrary<string> {
  const letters = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 8 });
  const pattern = fc.tuple(letters, fc.option(fc.integer({ min: 0, max: 999 })))
    .map(([name, n]) => (n === null ? `IA_${name}` : `IA_${name}_${n}`));
  const candidates = otherYearIds.filter((id) => !pack.activities.has(id));
  return (candidates.length > 0 ? fc.oneof(fc.constantFrom(...candidates), pattern) : pattern).filter((id) => !pack.activities.has(id));
}
