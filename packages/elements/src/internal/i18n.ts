/**
 * Strings in English and Simplified Chinese. Each element keeps its own table next to its class
 * (`<name>.i18n.ts`, built with `translations()`), so a bundle holds only the strings of the
 * elements in it; the few every element shows (loading, the error view) are here. Functions
 * receive values already formatted for the locale (numbers through Intl), so translations only
 * place them.
 */

/** The languages we ship. */
export type Lang = 'en' | 'zh-CN';

/** Any Chinese tag gets zh-CN (the only Chinese we ship), anything else English. */
export const langOf = (tag: string): Lang => (/^zh\b/i.test(tag) ? 'zh-CN' : 'en');

const commonEn = {
  retry: 'Retry',
  loadError: 'We couldn’t load this right now.',
  loading: 'Loading…',
  join: 'Join',
  logIn: 'Log in',
};

export type CommonMessages = typeof commonEn;

const commonZhCN: CommonMessages = {
  retry: '重试',
  loadError: '暂时无法加载。',
  loading: '加载中…',
  join: '加入会员',
  logIn: '登录',
};

/** An element's own strings over the common ones, for the language of a BCP 47 tag. */
export function translations<T extends object>(tables: Record<Lang, T>): (tag: string) => CommonMessages & T {
  const merged = { en: { ...commonEn, ...tables.en }, 'zh-CN': { ...commonZhCN, ...tables['zh-CN'] } };
  return (tag) => merged[langOf(tag)];
}

/** The common strings alone. */
export const commonMessages = /* @__PURE__ */ translations({ en: {}, 'zh-CN': {} });
