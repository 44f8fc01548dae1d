// reweight: the rule moves a category's weight to the others (the weight table's row for it).
import type { EventType } from '../event.js';

export const reweight: EventType = {
  type: 'reweight',
  aspect: 'weight',
  check: () => [],
  apply(rule, d) {
    d.reweighted.add(rule.event.params.category!);
  },
  explain: (rule) => `reweights the ${rule.event.params.category} category: its weight moves to the others`,
};
