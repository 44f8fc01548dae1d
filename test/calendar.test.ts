// engine/calendar.ts against the JavaScript Date of the same day: every real date is accepted
// and numbered as Date numbers it; anything Date would roll over (Feb 30) or refuse is not a date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, isFullDate } from '../engine/calendar.js';

const DAY_MS = 86_400_000;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
// 0001-01-01 to 9999-12-31: every date a four-digit year can write.
const dayArb = fc.integer({ min: -719_162, max: 2_932_896 });

describe('calendar dates', () => {
  it('accepts every real date and numbers it in days since 1970-01-01', () => {
    fc.assert(fc.property(dayArb, (day) => {
      expect(isFullDate(iso(day))).toBe(true);
      expect(dayNumber(iso(day))).toBe(day);
    }));
  });

  it('refuses what is not a real YYYY-MM-DD date', () => {
    const text = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(text, (s) => {
      const real = !Number.isNaN(Date.parse(s)) && new Date(Date.parse(s)).toISOString().startsWith(s);
      expect(isFullDate(s)).toBe(real);
    }));
    for (const s of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-1-01', '2024/01/01', '2024-01-0a', ' 2024-01-01', '2024-01-011', '']) {
      expect(isFullDate(s), s).toBe(false);
    }
    expect(isFullDate('2000-02-29')).toBe(true);
  });
});
