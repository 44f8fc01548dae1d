// The event types of the rules, by name: the one place that says what each event of a pack does
// (each module of events/ defines one; event.ts says what a definition holds). The pack schema's
// event enum lists the same names (a test holds them equal).
import type { EventType, EventTypeName } from './event.js';
import { fullCredit } from './events/full-credit.js';
import { minimumPoints } from './events/minimum-points.js';
import { pointsTable } from './events/points-table.js';
import { reject } from './events/reject.js';
import { restrictActivities } from './events/restrict-activities.js';
import { reweight } from './events/reweight.js';
import { warn } from './events/warn.js';
import { weightTable } from './events/weight-table.js';

export const EVENT_TYPES: Readonly<Record<EventTypeName, EventType>> = {
  pointsTable, weightTable, fullCredit, minimumPoints, reweight, restrictActivities, reject, warn,
};
