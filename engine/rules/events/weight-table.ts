// weightTable: the rule picks the category weights (a categoryWeights.* parameter, a row per set
// of reweighted categories). Exclusive: the highest priority that fires applies; every
// combination of facts needs one.
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
};
