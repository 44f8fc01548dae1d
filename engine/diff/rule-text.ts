import type { Condition, RuleEvent } from '../types.js';
import type { RuleChange } from './diff.js';

// A rule as people read it: its conditions on one line (`entityType = apmEntity AND (euc = false
// OR iaDataSubmitted = true)`), its event with its params, and a rule change's parts before and
// after. The CLI's listing, the Markdown changelog and the page all use these; nothing here needs
// Node (the page's bundle imports this module).

const OPERATORS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  in: 'in',
  notIn: 'not in',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
};

/** A condition's value: a plain word as it is, other text quoted, a list in parentheses. */
function valueText(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(valueText).join(', ')})`;
  if (typeof v === 'string') return /^[\w.+-]+$/.test(v) ? v : JSON.stringify(v);
  return String(v);
}

/** `a = 1 AND (b = 2 OR c in (x, y))`; an empty `all` (a default rule) is `always`. */
export function conditionText(c: Condition): string {
  return groupText(c, undefined);
}

/** AND and OR groups are parenthesised only inside the other kind; a group of one is its member. */
function groupText(c: Condition, parent: 'all' | 'any' | undefined): string {
  if (c.fact !== undefined) return `${c.fact} ${OPERATORS[c.operator ?? ''] ?? c.operator} ${valueText(c.value)}`;
  if (c.not) return `NOT (${groupText(c.not, undefined)})`;
  const kind = c.all ? 'all' : 'any';
  const members = c.all ?? c.any ?? [];
  if (members.length === 0) return kind === 'all' ? 'always' : 'never';
  if (members.length === 1) return groupText(members[0], parent);
  const text = members.map((m) => groupText(m, kind)).join(kind === 'all' ? ' AND ' : ' OR ');
  return parent && parent !== kind ? `(${text})` : text;
}

/** `minimumPoints(basis: apmCredit, parameter: credits.apmFloorPoints)`. */
export function eventText(e: RuleEvent): string {
  const params = Object.entries(e.params ?? {}).map(([k, v]) => `${k}: ${valueText(v)}`);
  return params.length ? `${e.type}(${params.join(', ')})` : e.type;
}

export interface RulePart {
  part: 'conditions' | 'event' | 'priority';
  /** The part as text on each side; null on the side where the rule does not exist. */
  from: string | null;
  to: string | null;
}

const PARTS = ['conditions', 'event', 'priority'] as const;

/**
 * What a reader needs to see of a rule change: for a changed rule, each of its conditions, event
 * and priority that differs, before and after; for a rule added or removed, its conditions and
 * event on the side it has.
 */
export function ruleParts(r: RuleChange): RulePart[] {
  const text = (part: RulePart['part'], side: RuleChange['from']): string | null => {
    if (!side) return null;
    if (part === 'conditions') return conditionText(side.conditions);
    if (part === 'event') return eventText(side.event);
    return String(side.priority);
  };
  const parts = r.from && r.to ? PARTS.filter((p) => r.parts?.includes(p)) : PARTS.filter((p) => p !== 'priority');
  return parts.map((part) => ({ part, from: text(part, r.from), to: text(part, r.to) }));
}
