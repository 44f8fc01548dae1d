// weightTable: the rule picks the category weights (a categoryWeights.* parameter, a row per set
// of reweighted categories). Exclusive: the highest priority that fires applies; every
// combination of facts needs one.
import { parameterCause, ruleCause, ruleDifference, sameParam, type Cause } from '../../compare/cause.js';
import type { Evaluation } from '../../compare/evaluate.js';
import { param } from '../../score/params.js';
import { parameterExists, type EventType } from '../event.js';

export const weightTable: EventType = {
  type: 'weightTable',
  aspect: 'weight',
  exclusive: { required: true, outcome: (rule) => rule.event.params.table! },
  check: (rule, parameters) => parameterExists(rule, 'table', parameters),
  apply(rule, d) {
    d.weightTable ??= rule;
  },
  explain(rule, { pack, decision, weights }, read) {
    read.push(param(pack, rule.event.params.table!));
    if (decision.weightTable !== rule) return `overridden by ${decision.weightTable.name}`;
    return `category weights from ${rule.event.params.table}, row ${weights.row}: IA weighs ${weights.ia}%`;
  },
  causes: tableCauses,
};

/** The weights changed: another table rule applies, or the table's row changed. */
function tableCauses(a: Evaluation, b: Evaluation, detail: string): Cause[] {
  const wa = a.result!.categoryWeights;
  const wb = b.result!.categoryWeights;
  const ta = a.decision!.weightTable!;
  const tb = b.decision!.weightTable!;
  if (ta.name !== tb.name) {
    // A table rule that started applying (or the one that stopped) explains it.
    const started = !a.decision!.fired.some((r) => r.name === tb.name);
    return [ruleCause(a, b, started ? tb : ta, started, detail)];
  }
  // Another row because a reweight rule started or stopped: that rule's cause (reweight.ts).
  if (wa.row !== wb.row && ruleDifference(a, b, (r) => r.event.type === 'reweight')) return [];
  if (!sameParam(a.pack, b.pack, wb.table)) {
    const from = (a.pack.parameters.get(wa.table)?.value as Record<string, Record<string, number>> | undefined)?.[wb.row];
    const to = (b.pack.parameters.get(wb.table)?.value as Record<string, Record<string, number>> | undefined)?.[wb.row];
    const row = (r: Record<string, number> | undefined) => (r ? `${r.quality}/${r.cost}/${r.ia}/${r.pi}` : '—');
    const cause = parameterCause(a, b, wb.table, detail, `#${wb.row}`);
    cause.summary = `${wb.table} row ${wb.row}: ${row(from)} → ${row(to)} (quality/cost/IA/PI)${cause.parameter?.to?.reference ? `; ${cause.parameter.to.reference}` : ''}`;
    return [cause];
  }
  return [];
}


