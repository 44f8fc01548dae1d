// restrictActivities: only the activities of the submission's MVP count.
import type { EventType } from '../event.js';

export const restrictActivities: EventType = {
  type: 'restrictActivities',
  aspect: 'eligibility',
  check: () => [],
  apply(rule, d) {
    if (rule.event.params.to === 'mvp') d.restrictToMvp = true;
  },
  explain: () => 'only the activities of the named MVP count',
};
