import type { Decision } from '../rules/decision.js';
import type { Parameter, Rule, YearPack } from '../types.js';
import { param } from './params.js';
import { ScoreError } from './score-error.js';
import type { Submission } from './submission.js';

export interface WeightRow {
  quality: number;
  cost: number;
  ia: number;
  pi: number;
}

export interface CategoryWeights extends WeightRow {
  /** The table parameter and the row used: `none`, the reweighted categories, or `ia`. */
  table: string;
  row: string;
}

/** The row that applies, or why none does (an error to throw for that submission). */
export type SelectedWeights = { weights: CategoryWeights; table: Parameter } | { error: ScoreError };

const OTHERS = ['cost', 'pi', 'quality'] as const; // alphabetical: row keys join them in this order

/** The row of the table a rule picked, for the categories reweighted by rules or by the submission. */
export function selectWeights(pack: YearPack, weightTable: Rule, byRules: ReadonlySet<string>, sub: Submission): SelectedWeights {
  const table = param(pack, weightTable.event.params.table!);
  const rows = table.value as Record<string, WeightRow>;
  const reweighted = new Set(byRules);
  for (const cat of OTHERS) if (sub.otherCategories?.[cat] === 'reweighted') reweighted.add(cat);

  let row: string;
  if (reweighted.has('ia')) {
    row = 'ia';
  } else {
    // A category that weighs nothing in this table (cost in 2017) cannot be reweighted.
    const key = OTHERS.filter((c) => reweighted.has(c) && rows.none[c] > 0).join('+');
    row = key || 'none';
  }
  const weights = rows[row] ?? (row === 'ia' ? { ...rows.none, ia: 0 } : undefined);
  if (!weights) {
    return { error: new ScoreError('REJECTED', `no category weights for ${row} reweighted in ${table.name}@${table.year}`, [
      { path: 'otherCategories', code: 'NO_WEIGHT_ROW', message: `${table.name} has rows ${Object.keys(rows).join(', ')}; none for ${row}` },
    ]) };
  }
  return { weights: { table: table.name, row, ...weights }, table };
}

const REWEIGHTABLE = ['quality', 'cost', 'pi'] as const;

/** The weight row for a submission, computed once per decision and reweighting combination. */
export function weightsFor(pack: YearPack, decision: Decision, sub: Submission): SelectedWeights {
  const cats = sub.otherCategories;
  let bits = 0;
  if (cats) for (let i = 0; i < REWEIGHTABLE.length; i++) if (cats[REWEIGHTABLE[i]] === 'reweighted') bits |= 1 << i;
  let selected = decision.weightRows.get(bits);
  if (!selected) {
    selected = selectWeights(pack, decision.weightTable, decision.reweighted, sub);
    decision.weightRows.set(bits, selected);
  }
  return selected;
}
