/** Where the launcher floats, or `none` for no launcher. */
export type LauncherPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'none';
export type Theme = 'light' | 'dark' | 'auto';

/** The loader's settings, read from the data-* attributes of its own script tag. */
export interface EmbedConfig {
  publishableKey: string;
  /** The loyalty API's origin (and path prefix), without a trailing slash. */
  apiUrl: string;
  /** The merchant's endpoint answering `{"token": "…" | null}` for the logged-in shopper. */
  tokenUrl?: string | undefined;
  /** A fixed member token (rendered into the page by the merchant's server). */
  token?: string | undefined;
  launcher: LauncherPosition;
  locale?: string | undefined;
  theme?: Theme | undefined;
  /** Where a guest joins / logs in, over the program's `joinUrl` / `loginUrl`. */
  joinUrl?: string | undefined;
  loginUrl?: string | undefined;
}

/** A config, or the one warning that says which attribute is wrong and how to fix it. */
export type ConfigResult = { config: EmbedConfig; warning?: undefined } | { config?: undefined; warning: string };

const LAUNCHER: readonly string[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'none'];
const THEMES: readonly string[] = ['light', 'dark', 'auto'];

/** An absolute http(s) URL resolved against `base`, or undefined. */
function httpUrl(value: string, base: string): URL | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the config from the script tag's attributes. `scriptUrl` (the script's own src) gives
 * the default API origin; `pageUrl` resolves relative URLs the way the page would.
 */
export function parseConfig(script: Element | null, pageUrl: string): ConfigResult {
  const read = (name: string) => script?.getAttribute(`data-${name}`)?.trim() || undefined;
  const fail = (warning: string): ConfigResult => ({ warning: `[Member Center] ${warning}` });

  const key = read('publishable-key');
  if (!key) return fail('data-publishable-key is missing: add data-publishable-key="pk_…" to the script tag.');
  // Never echo the value back: a secret key pasted here is already a leak, don't spread it to logs.
  if (!/^pk_[\w-]+$/.test(key)) {
    return fail(
      `data-publishable-key must be a publishable key starting with "pk_"${key.startsWith('sk_') ? ' — never put a secret key (sk_…) in a page; rotate it now' : ''}.`,
    );
  }

  const scriptSrc = script?.getAttribute('src');
  const scriptUrl = scriptSrc ? httpUrl(scriptSrc, pageUrl) : undefined;
  const apiValue = read('api-url');
  const api = apiValue ? httpUrl(apiValue, pageUrl) : scriptUrl && new URL('/', scriptUrl);
  if (!api) {
    return fail(
      apiValue
        ? `data-api-url is not an http(s) URL: set data-api-url="https://loyalty.example.com".`
        : 'data-api-url is missing and the script has no http(s) src to default to: set data-api-url.',
    );
  }

  const tokenUrlValue = read('token-url');
  const token = read('token');
  if (tokenUrlValue && token) {
    return fail('data-token-url and data-token are both set: keep one (data-token-url fetches fresh tokens).');
  }
  const tokenUrl = tokenUrlValue ? httpUrl(tokenUrlValue, pageUrl) : undefined;
  if (tokenUrlValue && !tokenUrl)
    return fail('data-token-url is not a URL: set it to your token endpoint, e.g. "/loyalty/token".');

  const launcher = read('launcher') ?? 'none';
  if (!LAUNCHER.includes(launcher)) {
    return fail(`data-launcher must be one of ${LAUNCHER.join(', ')}.`);
  }
  const theme = read('theme');
  if (theme && !THEMES.includes(theme)) return fail(`data-theme must be one of ${THEMES.join(', ')}.`);
  const locale = read('locale');
  if (locale) {
    try {
      Intl.getCanonicalLocales(locale);
    } catch {
      return fail('data-locale is not a language tag: use e.g. "en" or "zh-CN".');
    }
  }

  return {
    config: {
      // As given: the links resolve them against the page, as its own links do.
      joinUrl: read('join-url'),
      loginUrl: read('login-url'),
      publishableKey: key,
      apiUrl: api.href.replace(/\/+$/, ''),
      tokenUrl: tokenUrl?.href,
      token,
      launcher: launcher as LauncherPosition,
      locale,
      theme: theme as Theme | undefined,
    },
  };
}
