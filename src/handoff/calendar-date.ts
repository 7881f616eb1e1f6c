/**
 * Calendar dates as `YYYY-MM-DD` text from the form to Gusto. No `Date` object is ever made from
 * one, so no time zone (the browser's, the server's) can shift a start date by a day.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

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

/** `2027-01-05` → `5 January 2027`, by text alone; anything else is shown as given. */
export function formatCalendarDate(text: string): string {
  const parts = partsOf(text);
  if (!parts || !isCalendarDate(text)) return text;

  return `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
}

/** An ISO instant's calendar day in UTC as `5 January 2027`, for "added on" lines. */
export function formatInstantDay(iso: string): string {
  return formatCalendarDate(iso.slice(0, 10));
}
