// The facts a year's rules read: how they are derived from a submission through the year's
// parameters, which parameters each one is derived through (declared once: compare names a
// parameter as the cause when a fact moved because it changed), and every value each can take
// (the check enumerates their combinations).
import { describeParam, param } from '../score/params.js';
import type { CategoryStatus, Submission } from '../score/submission.js';
import type { Parameter, YearPack } from '../types.js';

/**
 * The flat facts the pack's rules read. All plain synchronous values, so a
 * json-rules-engine run is a pure function of them and can be cached by them.
 */
export interface Facts {
  entityType: string;
  isGroup: boolean;
  reportingOption: string;
  specialStatus: boolean;
  smallPractice: boolean;
  /** A group of several specialties, as CMS determines it (MVP reporting through subgroups). */
  multispecialty: boolean;
  rural: boolean;
  hpsa: boolean;
  nonPatientFacing: boolean;
  pcmh: boolean;
  apmParticipation: string;
  apmKind: string;
  cmsStudy: boolean;
  euc: boolean;
  iaDataSubmitted: boolean;
  qualityStatus: CategoryStatus;
  costStatus: CategoryStatus;
  piStatus: CategoryStatus;
  submittedCategoryCount: number;
}

export const FACT_NAMES: readonly (keyof Facts)[] = [
  'entityType', 'isGroup', 'reportingOption', 'specialStatus', 'smallPractice', 'multispecialty', 'rural', 'hpsa',
  'nonPatientFacing', 'pcmh', 'apmParticipation', 'apmKind', 'cmsStudy', 'euc', 'iaDataSubmitted',
  'qualityStatus', 'costStatus', 'piStatus', 'submittedCategoryCount',
];

export type StatusName = 'smallPractice' | 'rural' | 'hpsa' | 'nonPatientFacing';
export const STATUS_NAMES: readonly StatusName[] = ['smallPractice', 'rural', 'hpsa', 'nonPatientFacing'];

/** The threshold each status is derived from clinician counts by. */
const STATUS_THRESHOLD: Record<StatusName, string> = {
  smallPractice: 'thresholds.smallPracticeMaxClinicians',
  rural: 'thresholds.groupRuralHpsaShareOver',
  hpsa: 'thresholds.groupRuralHpsaShareOver',
  nonPatientFacing: 'thresholds.groupNonPatientFacingShareOver',
};
export const STATUS_HOLDERS = 'specialStatusHolders';
export const PCMH_THRESHOLDS = ['thresholds.pcmhMinSites', 'thresholds.pcmhMinSiteShare'] as const;

/** The parameters a fact is derived through, for the facts derived through any. */
export const FACT_PARAMETERS: Partial<Record<keyof Facts, readonly string[]>> = {
  ...Object.fromEntries(STATUS_NAMES.map((s) => [s, [STATUS_THRESHOLD[s], STATUS_HOLDERS]])),
  specialStatus: [...new Set(Object.values(STATUS_THRESHOLD)), STATUS_HOLDERS],
  pcmh: PCMH_THRESHOLDS,
};

/** The values of the submission's enumerated fields (schemas/submission.schema.json; a test holds them equal). */
export const ENTITY_TYPES = ['individual', 'group', 'virtualGroup', 'subgroup', 'apmEntity'] as const;
export const REPORTING_OPTIONS = ['traditional', 'mvp', 'app'] as const;
export const APM_PARTICIPATIONS = ['none', 'mipsApm', 'otherApm'] as const;
export const APM_KINDS = ['webInterface', 'other'] as const;
export const CATEGORY_STATUSES: readonly CategoryStatus[] = ['submitted', 'reweighted', 'absent'];

/**
 * What the facts are made of, once the year's thresholds have turned counts into statuses and
 * sites into PCMH credit: every fact is a function of these (factsOf).
 */
export interface FactInputs {
  entityType: string;
  reportingOption: string;
  statuses: Record<StatusName, boolean>;
  multispecialty: boolean;
  /** PCMH attested and credited (the year's site test met). */
  pcmh: boolean;
  apmParticipation: string;
  apmKind: string;
  cmsStudy: boolean;
  euc: boolean;
  /** Some activity attested. */
  activities: boolean;
  qualityStatus: CategoryStatus;
  costStatus: CategoryStatus;
  piStatus: CategoryStatus;
}

export function factsOf(i: FactInputs): Facts {
  const s = i.statuses;
  // A PCMH attestation is IA data (the attestation itself, or IA_PCMH among the activities).
  const iaDataSubmitted = i.activities || i.pcmh;
  return {
    entityType: i.entityType,
    isGroup: i.entityType !== 'individual',
    reportingOption: i.reportingOption,
    specialStatus: s.smallPractice || s.rural || s.hpsa || s.nonPatientFacing,
    smallPractice: s.smallPractice,
    multispecialty: i.multispecialty,
    rural: s.rural,
    hpsa: s.hpsa,
    nonPatientFacing: s.nonPatientFacing,
    pcmh: i.pcmh,
    apmParticipation: i.apmParticipation,
    apmKind: i.apmKind,
    cmsStudy: i.cmsStudy,
    euc: i.euc,
    iaDataSubmitted,
    qualityStatus: i.qualityStatus,
    costStatus: i.costStatus,
    piStatus: i.piStatus,
    // Cost is computed from claims, never submitted: it does not count here.
    submittedCategoryCount: Number(i.qualityStatus === 'submitted') + Number(i.piStatus === 'submitted') + Number(iaDataSubmitted),
  };
}

/** The entity types that can hold each status in the year (specialStatusHolders). */
export function statusHolders(pack: YearPack): Record<StatusName, readonly string[]> {
  return param(pack, STATUS_HOLDERS).value as Record<StatusName, string[]>;
}

export interface StatusFinding {
  value: boolean;
  /**
   * given: stated in the submission; derived: from clinician counts by a threshold; default:
   * neither; notApplicable: the entity type cannot hold the status that year (specialStatusHolders).
   */
  source: 'given' | 'derived' | 'default' | 'notApplicable';
  /** How a derived or inapplicable value was reached, quoting the parameter. */
  how?: string;
}

export interface DerivedFacts {
  facts: Facts;
  statuses: Record<StatusName, StatusFinding>;
  /** The PCMH attestation and whether the year's site test holds. */
  pcmh: { attested: boolean; sitesMet: boolean; how?: string };
  warnings: string[];
}

/** A threshold as deriving reads it: its value and how explanations quote it. */
interface Threshold {
  value: number | null;
  text: string;
}

/**
 * What deriving facts reads of a year, read from its parameters once (compileYear keeps it):
 * every submission's facts are derived through it.
 */
export interface FactPlan {
  pcmhAttestationIds: ReadonlySet<string>;
  /** Per entity type, the finding of each status it cannot hold in the year (specialStatusHolders). */
  notHeld: ReadonlyMap<string, Partial<Record<StatusName, StatusFinding>>>;
  thresholds: Record<StatusName, Threshold>;
  /** The warning for rural or HPSA counts in a year that derives neither from counts. */
  ruralNotDerived?: string;
  pcmhSites: { minSites: number; minShare: number; text: string };
}

const threshold = (p: Parameter): Threshold => ({ value: p.value as number | null, text: describeParam(p) });

export function factPlan(pack: YearPack): FactPlan {
  const holdersParam = param(pack, STATUS_HOLDERS);
  const holders = statusHolders(pack);
  const notHeld = new Map(ENTITY_TYPES.map((entityType) => {
    const findings: Partial<Record<StatusName, StatusFinding>> = {};
    for (const name of STATUS_NAMES) {
      if (holders[name].includes(entityType)) continue;
      // Neither given nor derived: the year's entity type cannot hold the status at all.
      const how = `${entityType} cannot hold ${name} status in ${pack.year}: ${describeParam(holdersParam, { [name]: holders[name] })}`;
      findings[name] = Object.freeze({ value: false, source: 'notApplicable', how });
    }
    return [entityType, findings];
  }));
  const rural = param(pack, STATUS_THRESHOLD.rural);
  const [minSites, minShare] = PCMH_THRESHOLDS.map((name) => param(pack, name));
  return {
    pcmhAttestationIds: new Set([...pack.inventory.values()].filter((a) => a.pcmhAttestation).map((a) => a.id)),
    notHeld,
    thresholds: {
      smallPractice: threshold(param(pack, STATUS_THRESHOLD.smallPractice)),
      rural: threshold(rural),
      hpsa: threshold(param(pack, STATUS_THRESHOLD.hpsa)),
      nonPatientFacing: threshold(param(pack, STATUS_THRESHOLD.nonPatientFacing)),
    },
    ...(rural.value === null ? { ruralNotDerived: `rural and HPSA status are not derived from clinician counts in ${pack.year}: ${rural.note ?? rural.reference}` } : {}),
    pcmhSites: { minSites: minSites.value as number, minShare: minShare.value as number, text: `${describeParam(minSites)} and ${describeParam(minShare)} needed` },
  };
}

// Findings that depend on the value alone, shared by every result that carries them.
const DEFAULT: StatusFinding = Object.freeze({ value: false, source: 'default' });
const GIVEN_TRUE: StatusFinding = Object.freeze({ value: true, source: 'given' });
const GIVEN_FALSE: StatusFinding = Object.freeze({ value: false, source: 'given' });

type Clinicians = NonNullable<Submission['clinicians']>;

export function deriveFacts(sub: Submission, plan: FactPlan): DerivedFacts {
  const warnings: string[] = [];
  const entityType = sub.entityType ?? 'individual';
  const isGroup = entityType !== 'individual';
  const notHeld = plan.notHeld.get(entityType)!;
  const given = sub.specialStatus;
  const c = sub.clinicians;
  const t = plan.thresholds;
  // Each status by name, not in a loop over the names: reading fields by a computed name costs more.
  const groupCounts = isGroup ? c : undefined;
  const statuses: Record<StatusName, StatusFinding> = {
    smallPractice: statusFinding('smallPractice', notHeld.smallPractice, given?.smallPractice, c && smallPractice(c, t.smallPractice), warnings),
    rural: statusFinding('rural', notHeld.rural, given?.rural, groupCounts && shareStatus(groupCounts.rural, groupCounts.total, t.rural), warnings),
    hpsa: statusFinding('hpsa', notHeld.hpsa, given?.hpsa, groupCounts && shareStatus(groupCounts.hpsa, groupCounts.total, t.hpsa), warnings),
    nonPatientFacing: statusFinding('nonPatientFacing', notHeld.nonPatientFacing, given?.nonPatientFacing, groupCounts && shareStatus(groupCounts.nonPatientFacing, groupCounts.total, t.nonPatientFacing), warnings),
  };
  if (plan.ruralNotDerived !== undefined && isGroup && c && (c.rural !== undefined || c.hpsa !== undefined)) warnings.push(plan.ruralNotDerived);

  const claims = sub.activities;
  const pcmh = pcmhFinding(sub, claims, isGroup, plan);
  if (pcmh.attested && !pcmh.sitesMet) warnings.push(`PCMH attested but not credited: ${pcmh.how}`);

  const cats = sub.otherCategories;
  const apm = sub.apm;
  const facts = factsOf({
    entityType,
    reportingOption: sub.reportingOption ?? 'traditional',
    statuses: { smallPractice: statuses.smallPractice.value, rural: statuses.rural.value, hpsa: statuses.hpsa.value, nonPatientFacing: statuses.nonPatientFacing.value },
    multispecialty: sub.multispecialty ?? false,
    pcmh: pcmh.attested && pcmh.sitesMet,
    apmParticipation: apm?.participation ?? 'none',
    apmKind: apm?.kind ?? 'other',
    cmsStudy: sub.cmsStudy ?? false,
    euc: sub.euc ?? false,
    // The PCMH attestation alone (sub.pcmh) is IA data too, whether or not its site test is met.
    activities: (claims !== undefined && claims.length > 0) || sub.pcmh === true,
    qualityStatus: cats?.quality ?? 'submitted',
    costStatus: cats?.cost ?? 'submitted',
    piStatus: cats?.pi ?? 'submitted',
  });
  return { facts, statuses, pcmh, warnings };
}

/** A status the entity type cannot hold; else as given, else as derived from clinician counts, else the default. */
function statusFinding(name: StatusName, inapplicable: StatusFinding | undefined, given: boolean | undefined, derived: StatusFinding | undefined, warnings: string[]): StatusFinding {
  if (inapplicable) {
    if (given === true) warnings.push(`specialStatus.${name} is given as true but does not apply: ${inapplicable.how}`);
    return inapplicable;
  }
  if (given === undefined) return derived || DEFAULT;
  if (derived && derived.value !== given) {
    warnings.push(`specialStatus.${name} is given as ${given}; the clinician counts would derive ${derived.value} (${derived.how}); the given value wins`);
  }
  return given ? GIVEN_TRUE : GIVEN_FALSE;
}

/** Small-practice status from the clinician count. */
function smallPractice(c: Clinicians, t: Threshold): StatusFinding {
  return { value: c.total <= (t.value as number), source: 'derived', how: `${c.total} clinician${c.total === 1 ? '' : 's'}; ${t.text} or fewer` };
}

/** A group's status from the count of its clinicians who hold it, where the year derives it. */
function shareStatus(count: number | undefined, total: number, t: Threshold): StatusFinding | undefined {
  if (count === undefined || t.value === null) return undefined;
  return { value: count / total > t.value, source: 'derived', how: `${count} of ${total} clinicians; more than ${t.text} needed` };
}

function pcmhFinding(sub: Submission, claims: Submission['activities'], isGroup: boolean, plan: FactPlan): DerivedFacts['pcmh'] {
  let attested = sub.pcmh === true;
  if (!attested && claims !== undefined) for (let i = 0; i < claims.length && !attested; i++) attested = plan.pcmhAttestationIds.has(claims[i].id);
  const sites = sub.practiceSites;
  if (!attested || !isGroup || !sites) return { attested, sitesMet: true };
  const { minSites, minShare, text } = plan.pcmhSites;
  const sitesMet = sites.pcmhRecognized >= minSites && sites.pcmhRecognized / sites.total >= minShare;
  return { attested, sitesMet, how: `${sites.pcmhRecognized} of ${sites.total} practice sites recognized; ${text}` };
}
