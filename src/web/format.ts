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
];

/**
 * Shows a `YYYY-MM-DD` date as "5 January 2027" straight from its text, so no time zone (the
 * server's or the browser's) can move it to another day.
 */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return date;

  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** Shows an ISO instant as its UTC date and minute, "2027-01-05 14:03 UTC". */
export function formatInstant(instant: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(instant);

  return match ? `${match[1]} ${match[2]} UTC` : instant;
}

/** Shows decimal-text money with thousands separators: "85000.00" → "85,000.00". */
export function formatMoney(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A candidate's display name: preferred first name when given, last name as stored. */
export function displayName(person: {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
}): string {
  return `${person.preferred_name || person.first_name} ${person.last_name}`;
}
