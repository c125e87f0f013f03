import type { Money } from '@member-center/contract';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A whole number with the locale's grouping: 1,240 / 1,240. */
export function formatNumber(locale: string, value: number): string {
  return numberFormat(locale).format(value);
}

/** Money from integer minor units: {amount: 1240, currency: 'CNY'} → ¥12.40 (digits from Intl, so JPY has none). */
export function formatMoney(locale: string, money: Money): string {
  const format = numberFormat(locale, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** A calendar date in the locale's medium style. */
export function formatDate(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A moment as a person reads it: the time alone when it is today, else the date and time. */
export function formatMoment(locale: string, iso: string, now = new Date()): string {
  const at = new Date(iso);
  const today = at.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = today
    ? { timeStyle: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
