// minimumPoints: a floor of points on a basis (the APM credit); attested activities add to it.
import { creditEvent } from './credit.js';

export const minimumPoints = creditEvent(
  'minimumPoints',
  (points) => points,
  (points, _value, rule) => `${rule.event.params.basis} credit: at least ${points} points; activities add to it`,
);
