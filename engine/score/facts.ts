import type { YearPack } from '../types.js';
import { describeParam, param } from './params.js';
import type { CategoryStatus, Submission } from './submission.js';

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
const STATUS_NAMES: readonly StatusName[] = ['smallPractice', 'rural', 'hpsa', 'nonPatientFacing'];

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
  const holders = param(pack, 'specialStatusHolders');
  for (const name of STATUS_NAMES) {
    const given = sub.specialStatus?.[name];
    const held = (holders.value as Record<StatusName, string[]>)[name];
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
    const p = param(pack, 'thresholds.groupRuralHpsaShareOver');
    if (p.value === null) warnings.push(`rural and HPSA status are not derived from clinician counts in ${pack.year}: ${p.note ?? p.reference}`);
  }

  const pcmh = pcmhFinding(sub, pack, isGroup, pcmhAttestationIds);
  if (pcmh.attested && !pcmh.sitesMet) warnings.push(`PCMH attested but not credited: ${pcmh.how}`);

  const activities = sub.activities ?? [];
  const cats = sub.otherCategories ?? {};
  const qualityStatus = cats.quality ?? 'submitted';
  const piStatus = cats.pi ?? 'submitted';
  const iaDataSubmitted = activities.length > 0 || sub.pcmh === true;
  const facts: Facts = {
    entityType,
    isGroup,
    reportingOption: sub.reportingOption ?? 'traditional',
    specialStatus: statuses.smallPractice.value || statuses.rural.value || statuses.hpsa.value || statuses.nonPatientFacing.value,
    smallPractice: statuses.smallPractice.value,
    multispecialty: sub.multispecialty ?? false,
    rural: statuses.rural.value,
    hpsa: statuses.hpsa.value,
    nonPatientFacing: statuses.nonPatientFacing.value,
    pcmh: pcmh.attested && pcmh.sitesMet,
    apmParticipation: sub.apm?.participation ?? 'none',
    apmKind: sub.apm?.kind ?? 'other',
    cmsStudy: sub.cmsStudy ?? false,
    euc: sub.euc ?? false,
    iaDataSubmitted,
    qualityStatus,
    costStatus: cats.cost ?? 'submitted',
    piStatus,
    // Cost is computed from claims, never submitted: it does not count here.
    submittedCategoryCount: Number(qualityStatus === 'submitted') + Number(piStatus === 'submitted') + Number(iaDataSubmitted),
  };
  return { facts, statuses, pcmh, warnings };
}

/** A status from clinician counts, where the year's thresholds allow it. */
function deriveStatus(name: StatusName, sub: Submission, pack: YearPack, isGroup: boolean): StatusFinding | undefined {
  const c = sub.clinicians;
  if (!c) return undefined;
  if (name === 'smallPractice') {
    const p = param(pack, 'thresholds.smallPracticeMaxClinicians');
    return { value: c.total <= (p.value as number), source: 'derived', how: `${c.total} clinician${c.total === 1 ? '' : 's'}; ${describeParam(p)} or fewer` };
  }
  const count = c[name];
  if (!isGroup || count === undefined) return undefined;
  const p = param(pack, name === 'nonPatientFacing' ? 'thresholds.groupNonPatientFacingShareOver' : 'thresholds.groupRuralHpsaShareOver');
  if (p.value === null) return undefined;
  return { value: count / c.total > (p.value as number), source: 'derived', how: `${count} of ${c.total} clinicians; more than ${describeParam(p)} needed` };
}

function pcmhFinding(sub: Submission, pack: YearPack, isGroup: boolean, pcmhIds: ReadonlySet<string>) {
  const attested = sub.pcmh === true || (sub.activities ?? []).some((a) => pcmhIds.has(a.id));
  const sites = sub.practiceSites;
  if (!attested || !isGroup || !sites) return { attested, sitesMet: true };
  const minSites = param(pack, 'thresholds.pcmhMinSites');
  const minShare = param(pack, 'thresholds.pcmhMinSiteShare');
  const sitesMet = sites.pcmhRecognized >= (minSites.value as number) && sites.pcmhRecognized / sites.total >= (minShare.value as number);
  return { attested, sitesMet, how: `${sites.pcmhRecognized} of ${sites.total} practice sites recognized; ${describeParam(minSites)} and ${describeParam(minShare)} needed` };
}
