/**
 * Calendar dates as `YYYY-MM-DD` text from the form to Gusto. No `Date` object is ever made from
 * one, so no time zone (the browser's, the server's) can shift a start date by a day; pages show
 * them with the web layer's `formatDate`, which works on the text too.
 */

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of a `YYYY-MM-DD` text, or undefined when it is not one. */
function partsOf(text: string): { year: number; month: number; day: number } | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;

  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;

  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when the text is `YYYY-MM-DD` and names a day that exists (no 2027-02-30). */
export function isCalendarDate(text: string): boolean {
  const parts = partsOf(text);
  if (!parts || parts.year < 1900 || parts.month < 1 || parts.month > 12) return false;

  return parts.day >= 1 && parts.day <= daysIn(parts.year, parts.month);
}
