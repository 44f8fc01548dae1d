// pointsTable: the rule picks the points per activity weight (a points.* parameter). Exclusive:
// the highest priority that fires applies; every combination of facts needs one.
import { formatValue, param } from '../../score/params.js';
import { parameterExists, type EventType } from '../event.js';

export const pointsTable: EventType = {
  type: 'pointsTable',
  aspect: 'points',
  exclusive: { required: true, outcome: (rule) => rule.event.params.table! },
  check: (rule, parameters) => parameterExists(rule, 'table', parameters),
  apply(rule, d, pack) {
    if (d.pointsTable) return;
    d.pointsTable = rule;
    d.points = param(pack, rule.event.params.table!).value as Record<string, number>;
  },
  explain(rule, { pack, decision }, read) {
    const table = param(pack, rule.event.params.table!);
    read.push(table);
    if (decision.pointsTable !== rule) return `overridden by ${decision.pointsTable.name}`;
    const max = param(pack, 'maxPoints');
    read.push(max);
    return `activities earn ${table.name} (${formatValue(table.value)}), capped at ${max.value} points`;
  },
};
