// The facts a year's rules read: how they are derived from a submission through the year's
// parameters, which parameters each one is derived through (declared once: compare names a
// parameter as the cause when a fact moved because it changed), and every value each can take
// (the check enumerates their combinations).
import { describeParam, param } from '../score/params.js';
import type { CategoryStatus, Submission } from '../score/submission.js';
import type { YearPack } from '../types.js';

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

export function deriveFacts(sub: Submission, pack: YearPack, pcmhAttestationIds: ReadonlySet<string>): DerivedFacts {
  const warnings: string[] = [];
  const entityType = sub.entityType ?? 'individual';
  const isGroup = entityType !== 'individual';
  const statuses = {} as Record<StatusName, StatusFinding>;
  const holders = param(pack, STATUS_HOLDERS);
  for (const name of STATUS_NAMES) {
    const given = sub.specialStatus?.[name];
    const held = statusHolders(pack)[name];
    if (!held.includes(entityType)) {
      // Neither given nor derived: the year's entity type cannot hold the status at all.
      const how = `${entityType} cannot hold ${name} status in ${pack.year}: ${describeParam(holders, { [name]: held })}`;
      statuses[name] = { value: false, source: 'notApplicable', how };
      if (given === true) warnings.push(`specialStatus.${name} is given as true but does not apply: ${how}`);
      continue;
    }
    const derived = deriveStatus(name, sub, pack, isGroup);
    if (given === undefined) {
      statuses[name] = derived ?? { value: false, source: 'default' };
      continue;
    }
    statuses[name] = { value: given, source: 'given' };
    if (derived && derived.value !== given) {
      warnings.push(`specialStatus.${name} is given as ${given}; the clinician counts would derive ${derived.value} (${derived.how}); the given value wins`);
    }
  }
  if (isGroup && sub.clinicians && (sub.clinicians.rural !== undefined || sub.clinicians.hpsa !== undefined)) {
    const p = param(pack, STATUS_THRESHOLD.rural);
    if (p.value === null) warnings.push(`rural and HPSA status are not derived from clinician counts in ${pack.year}: ${p.note ?? p.reference}`);
  }

  const pcmh = pcmhFinding(sub, pack, isGroup, pcmhAttestationIds);
  if (pcmh.attested && !pcmh.sitesMet) warnings.push(`PCMH attested but not credited: ${pcmh.how}`);

  const cats = sub.otherCategories ?? {};
  const facts = factsOf({
    entityType,
    reportingOption: sub.reportingOption ?? 'traditional',
    statuses: { smallPractice: statuses.smallPractice.value, rural: statuses.rural.value, hpsa: statuses.hpsa.value, nonPatientFacing: statuses.nonPatientFacing.value },
    multispecialty: sub.multispecialty ?? false,
    pcmh: pcmh.attested && pcmh.sitesMet,
    apmParticipation: sub.apm?.participation ?? 'none',
    apmKind: sub.apm?.kind ?? 'other',
    cmsStudy: sub.cmsStudy ?? false,
    euc: sub.euc ?? false,
    // The PCMH attestation alone (sub.pcmh) is IA data too, whether or not its site test is met.
    activities: (sub.activities ?? []).length > 0 || sub.pcmh === true,
    qualityStatus: cats.quality ?? 'submitted',
    costStatus: cats.cost ?? 'submitted',
    piStatus: cats.pi ?? 'submitted',
  });
  return { facts, statuses, pcmh, warnings };
}

/** A status from clinician counts, where the year's thresholds allow it. */
function deriveStatus(name: StatusName, sub: Submission, pack: YearPack, isGroup: boolean): StatusFinding | undefined {
  const c = sub.clinicians;
  if (!c) return undefined;
  const p = param(pack, STATUS_THRESHOLD[name]);
  if (name === 'smallPractice') {
    return { value: c.total <= (p.value as number), source: 'derived', how: `${c.total} clinician${c.total === 1 ? '' : 's'}; ${describeParam(p)} or fewer` };
  }
  const count = c[name];
  if (!isGroup || count === undefined || p.value === null) return undefined;
  return { value: count / c.total > (p.value as number), source: 'derived', how: `${count} of ${c.total} clinicians; more than ${describeParam(p)} needed` };
}

function pcmhFinding(sub: Submission, pack: YearPack, isGroup: boolean, pcmhIds: ReadonlySet<string>) {
  const attested = sub.pcmh === true || (sub.activities ?? []).some((a) => pcmhIds.has(a.id));
  const sites = sub.practiceSites;
  if (!attested || !isGroup || !sites) return { attested, sitesMet: true };
  const [minSites, minShare] = PCMH_THRESHOLDS.map((name) => param(pack, name));
  const sitesMet = sites.pcmhRecognized >= (minSites.value as number) && sites.pcmhRecognized / sites.total >= (minShare.value as number);
  return { attested, sitesMet, how: `${sites.pcmhRecognized} of ${sites.total} practice sites recognized; ${describeParam(minSites)} and ${describeParam(minShare)} needed` };
}
