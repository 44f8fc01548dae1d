// warn: the result carries the rule's message as a warning; the score is unchanged.
import type { EventType } from '../event.js';

export const warn: EventType = {
  type: 'warn',
  aspect: 'warnings',
  check: () => [],
  apply(rule, d) {
    d.warnings.push(rule.event.params.message!);
  },
  explain: (rule) => rule.event.params.message!,
};
