// A scored submission as text, for people (`mips-ia score --format text`): the numbers, each
// activity's status and why, the rules that decided, the warnings. Built from the result's data:
// an activity's status from its code, the parameters it read from its parameters.
import type { OutcomeCode } from '../score/activities.js';
import { formatValue, type ParameterRead } from '../score/params.js';
import type { ScoreResult } from '../score/score.js';
import { STATUS_NAMES, type StatusName } from '../rules/facts.js';
import { columns } from './text.js';

/** What an outcome code says in a word or two (the reason gives the particulars). */
const OUTCOME: Record<OutcomeCode, string> = {
  PCMH_CREDIT: 'PCMH credit instead',
  PCMH_SITES_NOT_MET: 'PCMH site test not met',
  BEGUN_AFTER_SUSPENSION: 'begun after its suspension',
  MVP_ONLY: 'MVP only',
  NOT_IN_MVP: 'not in the MVP',
  NOT_IN_TRADITIONAL: 'not in traditional MIPS',
  PERIOD_REVERSED: 'period reversed',
  PERIOD_OUTSIDE_YEAR: 'period outside the year',
  PERIOD_TOO_SHORT: 'period too short',
  GROUP_SHARE_NOT_MET: 'group share not met',
  ATTESTED_TOO_RECENTLY: 'attested too recently',
};

const STATUS: Record<StatusName, string> = { smallPractice: 'small practice', rural: 'rural', hpsa: 'HPSA', nonPatientFacing: 'non-patient facing' };

const OPTION: Record<string, string> = { traditional: 'traditional MIPS', mvp: 'MVP', app: 'APP' };

const read = (p: ParameterRead) => `${p.name}@${p.year} → ${formatValue(p.value)}`;

export function formatScore(r: ScoreResult): string[] {
  const option = r.reportingOption === 'mvp' && r.mvpId ? `MVP ${r.mvpId}` : (OPTION[r.reportingOption] ?? r.reportingOption);
  const held = STATUS_NAMES.filter((s) => r.specialStatus.statuses[s].value);
  const statuses = held.map((s) => {
    const f = r.specialStatus.statuses[s];
    return `${STATUS[s]} (${f.source}${f.how ? `: ${f.how}` : ''})`;
  });
  const w = r.categoryWeights;
  const out = [`Performance year ${r.performanceYear}, ${r.entityType}, ${option} (pack ${r.pack.hash.slice(0, 19)}…)`, ''];
  out.push(...columns([
    ['Points', `${r.points} of ${r.maxPoints}${r.rawPoints !== r.points ? ` (${r.rawPoints} before the cap)` : ''}`],
    ['Category score', String(r.categoryScore)],
    ['IA weight', `${r.categoryWeight}% (${w.table}, row ${w.row}: quality ${w.quality}, cost ${w.cost}, IA ${w.ia}, PI ${w.pi})`],
    ['Contribution', `${r.finalScoreContribution} of the 100 final-score points`],
    ['Basis', r.basis.join(', ') || '-'],
    ['Special status', r.specialStatus.applied ? `applied: ${statuses.join('; ')}` : statuses.length > 0 ? `not applied: ${statuses.join('; ')}` : 'none'],
    ...(r.cehrtBonus ? [['CEHRT bonus', `${r.cehrtBonus.percent}% for ${r.cehrtBonus.activities.join(', ')}`]] : []),
  ].map(([k, v]) => [`${k}:`, v])));
  if (r.activities.length > 0) {
    out.push('', 'Activities:');
    const rows = columns([['ID', 'WEIGHT', 'POINTS', 'STATUS', 'TITLE'], ...r.activities.map((a) => [
      a.id, a.weight ?? '-', String(a.points).padStart('POINTS'.length),
      `${a.counted ? 'counted' : 'not counted'}${a.code ? `: ${OUTCOME[a.code]}` : ''}`, a.title,
    ])]);
    out.push(`  ${rows[0]}`);
    r.activities.forEach((a, i) => {
      out.push(`  ${rows[i + 1]}`);
      if (a.reason) out.push(`      ${a.reason}`);
      // The reason quotes some parameters itself; the others it read are listed, not repeated.
      const unquoted = (a.parameters ?? []).map(read).filter((p) => !a.reason?.includes(p));
      if (unquoted.length > 0) out.push(`      reads ${unquoted.join('; ')}`);
    });
  }
  if (r.rules.length > 0) {
    out.push('', 'Rules:');
    for (const rule of r.rules) {
      out.push(`  ${rule.name} (${rule.year}): ${rule.effect}`);
      if (rule.reference) out.push(`      ${rule.reference}`);
    }
  }
  if (r.warnings.length > 0) out.push('', 'Warnings:', ...r.warnings.map((wn) => `  ${wn}`));
  return out;
}
