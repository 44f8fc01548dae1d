// fullCredit: a share of the category (percent of maxPoints) on a basis, e.g. PCMH or the APP.
import { param } from '../../score/params.js';
import { creditEvent } from './credit.js';

export const fullCredit = creditEvent(
  'fullCredit',
  (percent, pack) => (percent / 100) * (param(pack, 'maxPoints').value as number),
  (points, percent, rule) => `${rule.event.params.basis} credit: ${points} points (${percent}% of the category)`,
);
