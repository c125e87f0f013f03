export const DAY_MS = 86_400_000;

// One formatter per time zone: building one costs far more than using it.
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock at `at` in the IANA `timeZone`: year, month, day, hour (00–23), minute, second. */
export function wallClock(at: Date, timeZone: string) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return parts;
}

const dateOf = (parts: Record<string, string>) => `${parts.year}-${parts.month}-${parts.day}`;

const QUARTER_HOUR_MS = 15 * 60_000;
/** Before this (1980), some zones still had offsets in odd minutes and seconds (Liberia until 1972). */
const QUARTER_HOURS_SINCE = Date.UTC(1980, 0, 1);
// The last answer per time zone, for the UTC quarter hour it was asked in: formatToParts costs
// microseconds, and a read asks this several times a request.
const lastDates = new Map<string, { quarter: number; date: string }>();

/**
 * The calendar date (YYYY-MM-DD) it is at `at` in the IANA `timeZone`. Since 1980 every UTC
 * offset of the tz database (and so every DST switch and local midnight) falls on a whole
 * quarter hour, so the local date cannot change within one UTC quarter hour: the answer is
 * reused for it.
 */
export function localDate(at: Date, timeZone: string) {
  const ms = at.getTime();
  if (!(ms >= QUARTER_HOURS_SINCE)) return dateOf(wallClock(at, timeZone));
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const last = lastDates.get(timeZone);
  if (last?.quarter === quarter) return last.date;
  const date = dateOf(wallClock(at, timeZone));
  if (lastDates.size >= 1_000) lastDates.clear(); // time zones are few; a bound anyway
  lastDates.set(timeZone, { quarter, date });
  return date;
}

/** `at` plus `months` calendar months in UTC, the day clamped to the month's end (as Postgres does). */
export function addMonths(at: Date, months: number) {
  const d = new Date(at);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** How far the wall clock in `timeZone` is ahead of UTC at `at`, in ms. */
function zoneOffset(at: Date, timeZone: string) {
  const parts = wallClock(at, timeZone);
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** Midnight of 1 January `year` in `timeZone`, as an instant. */
export const startOfYear = (year: number, timeZone: string) => startOfDay(`${year}-01-01`, timeZone);

/** Midnight starting the calendar day `date` (YYYY-MM-DD) in `timeZone`, as an instant. */
export function startOfDay(date: string, timeZone: string) {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year!, month! - 1, day!);
  // Twice: the offset at the guess may differ from the offset at the answer (DST, zone changes).
  const guess = wall - zoneOffset(new Date(wall), timeZone);
  return new Date(wall - zoneOffset(new Date(guess), timeZone));
}

/** The calendar day `days` after `date` (both YYYY-MM-DD; `days` may be negative). */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
