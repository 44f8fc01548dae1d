// engine/calendar.ts against the JavaScript Date of the same day: every real date is accepted
// and numbered as Date numbers it; anything Date would roll over (Feb 30) or refuse is not a date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfDay, dayNumber, isFullDate, monthsPeriodEnd, shiftYears } from '../engine/calendar.js';

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

  it('ends a period of n calendar months the day before the same day-of-month n months on, a missing day standing for the month\'s last', () => {
    // The oracle: Date, with the day-of-month clamped to the target month's length, minus a day.
    const oracle = (start: string, n: number) => {
      const [y, m, d] = start.split('-').map(Number);
      const target = new Date(0);
      target.setUTCFullYear(y, m - 1 + n + 1, 0); // the target month's last day
      target.setUTCDate(Math.min(d, target.getUTCDate()));
      return iso(Math.round(target.getTime() / DAY_MS) - 1);
    };
    // Up to 9998-12-31, so that 12 months on stays a four-digit year.
    fc.assert(fc.property(fc.integer({ min: -719_162, max: 2_932_531 }), fc.integer({ min: 1, max: 12 }), (day, n) => {
      expect(monthsPeriodEnd(iso(day), n)).toBe(oracle(iso(day), n));
    }));
    expect(monthsPeriodEnd('2024-03-01', 6)).toBe('2024-08-31');
    expect(monthsPeriodEnd('2023-08-31', 6)).toBe('2024-02-28'); // Feb 29, 2024 stands for Feb 31
    expect(monthsPeriodEnd('2024-08-31', 6)).toBe('2025-02-27'); // Feb 28, 2025 stands for Feb 31
    expect(monthsPeriodEnd('2024-05-31', 6)).toBe('2024-11-29');
    expect(monthsPeriodEnd('2024-07-01', 6)).toBe('2024-12-31');
    expect(monthsPeriodEnd('2024-12-01', 1)).toBe('2024-12-31');
  });

  it('never asks a later start for an earlier end', () => {
    fc.assert(fc.property(fc.integer({ min: -719_162, max: 2_932_530 }), fc.integer({ min: 1, max: 12 }), (day, n) => {
      expect(monthsPeriodEnd(iso(day + 1), n) >= monthsPeriodEnd(iso(day), n)).toBe(true);
    }));
  });

  it('writes the date of a day number as Date does, the inverse of dayNumber', () => {
    fc.assert(fc.property(dayArb, (day) => {
      expect(dateOfDay(day)).toBe(iso(day));
    }));
  });

  it('moves a date by whole years, keeping month and day, Feb 29 to Feb 28 in a year without one', () => {
    // The oracle: Date with the year set, a rolled-over Feb 29 taken back to Feb 28.
    const oracle = (date: string, years: number) => {
      const [y, m, d] = date.split('-').map(Number);
      const moved = new Date(0);
      moved.setUTCFullYear(y + years, m - 1, d);
      return moved.getUTCMonth() === m - 1 ? iso(Math.round(moved.getTime() / DAY_MS)) : `${String(y + years).padStart(4, '0')}-02-28`;
    };
    // Dates from 0100 to 9899, moved by up to a century either way.
    fc.assert(fc.property(fc.integer({ min: -675_333, max: 2_896_371 }), fc.integer({ min: -100, max: 100 }), (day, years) => {
      expect(shiftYears(iso(day), years)).toBe(oracle(iso(day), years));
    }));
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(shiftYears('2023-12-31', -6)).toBe('2017-12-31');
  });
});
