// Calendar dates as YYYY-MM-DD strings (RFC 3339 full-date), read digit by digit: scoring
// checks and counts a few of them per activity, and a regular expression's match array or
// Date.parse cost more than the rest of an activity's checks together (bench/, npm run bench).

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The number the digits at s[from, from + count) spell, or -1 if one is not a digit. */
function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** A real calendar date written YYYY-MM-DD (JSON Schema's format "date"). */
export function isFullDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]);
}

/**
 * Days since 1970-01-01 of a date isFullDate accepts (Howard Hinnant's days_from_civil), so
 * that the days from a to b are dayNumber(b) - dayNumber(a).
 */
export function dayNumber(s: string): number {
  const month = digits(s, 5, 2);
  const year = digits(s, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digits(s, 8, 2) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The earliest last day of a period of `months` calendar months that starts on `start` (a date
 * isFullDate accepts): the day before the same day-of-month `months` months on. A day-of-month
 * that later month lacks stands for its last day (Aug 31 + 6 months → Feb 28, or 29 in a leap
 * year; the period then ends on or after Feb 27, or 28), so a later start never needs an
 * earlier end. Mar 1 + 6 months → Sep 1: the period must reach Aug 31.
 */
export function monthsPeriodEnd(start: string, months: number): string {
  const total = digits(start, 5, 2) - 1 + months;
  let year = digits(start, 0, 4) + Math.floor(total / 12);
  let month = (total % 12) + 1;
  let day = Math.min(digits(start, 8, 2), daysInMonth(year, month)) - 1;
  if (day === 0) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    day = daysInMonth(year, month);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The date `n` days after 1970-01-01 (Howard Hinnant's civil_from_days): dayNumber's inverse. */
export function dateOfDay(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return `${pad(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

/** The same month and day `years` years on (a date isFullDate accepts); Feb 29 becomes Feb 28 in a year without one. */
export function shiftYears(date: string, years: number): string {
  const year = digits(date, 0, 4) + years;
  const rest = date.slice(4);
  return `${pad(year, 4)}${rest === '-02-29' && !isLeapYear(year) ? '-02-28' : rest}`;
}
