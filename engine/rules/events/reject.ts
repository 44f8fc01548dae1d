// reject: the year refuses the submission, with a code and the place in it (params.path) that
// the error names. Valid submissions of the generators never fire one.
import { ScoreError } from '../../score/score-error.js';
import type { Rule } from '../../types.js';
import type { EventType } from '../event.js';

export const reject: EventType = {
  type: 'reject',
  aspect: 'refusal',
  check: () => [],
  apply(rule, d) {
    d.rejections.push(rule);
  },
  explain: (rule) => rule.event.params.message!,
};

/** The refusal of the rules that fired: one problem each, at the path the rule names. */
export function refusal(rules: readonly Rule[]): ScoreError {
  return new ScoreError('REJECTED', rules.map((r) => r.event.params.message).join('; '), rules.map((r) => ({
    path: r.event.params.path!,
    code: r.event.params.code!,
    message: `${r.event.params.message} (${r.name}@${r.year}${r.reference ? `: ${r.reference}` : ''})`,
  })));
}
