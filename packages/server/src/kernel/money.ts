/** Digits after the decimal point of a currency's minor unit (2 for CNY, 0 for JPY). */
export const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** An amount in minor units as the program's customers read it, e.g. CN¥100.00. */
export function formatMoney(amount: number, currency: string, locale = 'en') {
  const digits = minorDigits(currency);
  const text = String(amount).padStart(digits + 1, '0');
  const decimal = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  // A decimal string keeps the amount exact (no float) on its way through Intl.
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal as unknown as number);
}
