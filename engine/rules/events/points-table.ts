// pointsTable: the rule picks the points per activity weight (a points.* parameter). Exclusive:
// the highest priority that fires applies; every combination of facts needs one.
import { parameterCause, ruleNews, type Cause } from '../../compare/cause.js';
import type { Evaluation } from '../../compare/evaluate.js';
import { canonicalJson } from '../../pack/canonical-json.js';
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
  causes: (a, b) => tableCauses(a, b),
};

/** Points per activity changed: the table's values, or the rule that picks it. */
function tableCauses(a: Evaluation, b: Evaluation): Cause[] {
  const ruleA = a.decision!.pointsTable!;
  const ruleB = b.decision!.pointsTable!;
  const tableA = ruleA.event.params.table!;
  const tableB = ruleB.event.params.table!;
  const valuesA = a.pack.parameters.get(tableA)!.value;
  const valuesB = b.pack.parameters.get(tableB)!.value;
  if (canonicalJson(valuesA) === canonicalJson(valuesB)) return [];
  // Only when some activity counted in both years earns differently at the same weight.
  const before = new Map(a.result!.activities.map((r) => [r.id, r]));
  const affected = b.result!.activities.filter((y) => {
    const x = before.get(y.id);
    return x && x.counted && y.counted && x.weight === y.weight && x.points !== y.points;
  });
  if (affected.length === 0) return [];
  const detail = `${affected.map((y) => `${y.id} ${before.get(y.id)!.points} → ${y.points}`).join(', ')} points`;
  if (ruleA.name === ruleB.name && tableA === tableB) return [parameterCause(a, b, tableA, detail)];
  return [{
    key: `rule:${ruleB.name}`,
    kind: 'rule',
    subject: ruleB.name,
    summary: `points from ${tableB} (${ruleB.name}) instead of ${tableA} (${ruleA.name})${ruleNews(a.pack, b.pack, ruleB) ?? ruleNews(a.pack, b.pack, ruleA) ?? ''}`,
    detail,
  }];
}


