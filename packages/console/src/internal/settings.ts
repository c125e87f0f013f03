import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Lang, langOf, type Messages, messages } from '../i18n.js';

export type Theme = 'system' | 'light' | 'dark';

const read = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const write = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
};

/** The operator's language and theme, kept in localStorage; every view re-renders on a change. */
class Settings extends EventTarget {
  lang: Lang = langOf(read('mc-console-lang') ?? navigator.language);
  theme: Theme = (read('mc-console-theme') as Theme | null) ?? 'system';

  constructor() {
    super();
    this.#apply();
  }
  setLang(lang: Lang) {
    this.lang = lang;
    write('mc-console-lang', lang);
    this.#apply();
  }
  setTheme(theme: Theme) {
    this.theme = theme;
    write('mc-console-theme', theme);
    this.#apply();
  }
  #apply() {
    document.documentElement.lang = this.lang;
    if (this.theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.theme;
    this.dispatchEvent(new Event('change'));
  }
}

export const settings = new Settings();

/** Re-renders its host when the language or theme changes; `t` is the current strings. */
export class SettingsController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  get t(): Messages {
    return messages[settings.lang];
  }
  get lang() {
    return settings.lang;
  }
  #changed = () => this.host.requestUpdate();
  hostConnected() {
    settings.addEventListener('change', this.#changed);
  }
  hostDisconnected() {
    settings.removeEventListener('change', this.#changed);
  }
}

export const formatNumber = (n: number) => new Intl.NumberFormat(settings.lang).format(n);
export const formatDate = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(settings.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';
export const formatMoney = (m: { amount: number; currency: string }) =>
  new Intl.NumberFormat(settings.lang, { style: 'currency', currency: m.currency }).format(m.amount / 100);
export const formatSeconds = (s: number) =>
  s < 60
    ? new Intl.NumberFormat(settings.lang, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(s)
    : new Intl.NumberFormat(settings.lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
        Math.ceil(s / 60),
      );

/** The currency's minor-unit digits: 2 for CNY, 0 for JPY. */
export const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
/** Minor units as a form's decimal text (1240 CNY → "12.4"); null → ''. */
export const toMajor = (minor: number | null | undefined, currency: string) =>
  minor == null ? '' : String(minor / 10 ** minorDigits(currency));
/** A form's decimal text as minor units ("12.4" CNY → 1240); '' → null. */
export const toMinor = (text: string, currency: string) =>
  text.trim() === '' ? null : Math.round(Number(text) * 10 ** minorDigits(currency));
