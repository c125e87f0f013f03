/**
 * Strings in English and Simplified Chinese. Functions receive values already formatted for the
 * locale (numbers through Intl), so translations only place them. The strings every element may
 * show are here; an element with a table of its own (`translations()`, next to its class) bundles
 * only its own strings, while `messagesFor` serves the elements that read the shared table below.
 */

/** The languages we ship. */
export type Lang = 'en' | 'zh-CN';

/** Any Chinese tag gets zh-CN (the only Chinese we ship), anything else English. */
export const langOf = (tag: string): Lang => (/^zh\b/i.test(tag) ? 'zh-CN' : 'en');

const commonEn = {
  retry: 'Retry',
  loadError: 'We couldn’t load this right now.',
  loading: 'Loading…',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Couldn’t copy — select the text and copy it yourself.',
  close: 'Close',
  cancel: 'Cancel',
  points: (n: string, count: number) => (count === 1 ? `${n} point` : `${n} points`),
};

export type CommonMessages = typeof commonEn;

const commonZhCN: CommonMessages = {
  retry: '重试',
  loadError: '暂时无法加载。',
  loading: '加载中…',
  copy: '复制',
  copied: '已复制',
  copyFailed: '复制失败，请手动选择文本复制。',
  close: '关闭',
  cancel: '取消',
  points: (n) => `${n} 积分`,
};

/** An element's own strings over the common ones, for the language of a BCP 47 tag. */
export function translations<T extends object>(tables: Record<Lang, T>): (tag: string) => CommonMessages & T {
  const merged = { en: { ...commonEn, ...tables.en }, 'zh-CN': { ...commonZhCN, ...tables['zh-CN'] } };
  return (tag) => merged[langOf(tag)];
}

/** The common strings alone. */
export const commonMessages = /* @__PURE__ */ translations({ en: {}, 'zh-CN': {} });

const en = {
  // points history
  historyLabel: 'Points history',
  historyGuest: 'Log in to see your points history.',
  historyEmpty: 'No points activity yet.',
  historyBalance: (n: string) => `Balance ${n}`,
  historyEarned: 'points earned',
  historySpent: 'points spent',
  historyLoadMore: 'Load more',
  historyLoaded: (count: number) => `${count} more ${count === 1 ? 'entry' : 'entries'} loaded.`,
  loadMoreError: 'We couldn’t load more.',
  activityType: { order: 'Order', redemption: 'Redemption', adjustment: 'Adjustment', expiry: 'Expired' },

  // coupons
  couponsLabel: 'My coupons',
  couponsGuest: 'Log in to see your coupons.',
  couponsEmpty: 'No coupons yet — redeem a reward to get one.',
  couponsAvailable: 'Available',
  couponsUsed: 'Used or expired',
  couponUsed: 'Used',
  couponExpired: 'Expired',
  couponRedeemedOn: (date: string) => `Redeemed ${date}`,
  couponExpiresOn: (date: string) => `Expires ${date}`,
  copyCouponCode: (name: string) => `Copy the code of ${name}`,
  couponsLoadMore: 'Show more coupons',

  // member center and launcher
  memberCenter: 'Member center',
  tabOverview: 'Overview',
  tabRewards: 'Rewards',
  tabInvite: 'Invite',
  tabHistory: 'History',
  tabCoupons: 'Coupons',
  centerGuest: 'Join or log in to earn points on every order and swap them for rewards.',
  waysToEarn: 'Ways to earn',
  earnKind: {
    order: 'Shop',
    signup: 'Sign up',
    referral: 'Invite friends',
    check_in: 'Daily check-in',
    birthday: 'Birthday gift',
  },
  launcherGuest: 'Rewards',
  launcherOpenFailed: 'The member center couldn’t open. Try again.',
};

export type Messages = CommonMessages & typeof en;

const zhCN: typeof en = {
  historyLabel: '积分明细',
  historyGuest: '登录后查看积分明细。',
  historyEmpty: '暂无积分记录。',
  historyBalance: (n) => `余额 ${n}`,
  historyEarned: '积分收入',
  historySpent: '积分支出',
  historyLoadMore: '加载更多',
  historyLoaded: (count) => `已加载 ${count} 条记录。`,
  loadMoreError: '暂时无法加载更多。',
  activityType: { order: '购物', redemption: '兑换', adjustment: '调整', expiry: '过期' },

  couponsLabel: '我的优惠券',
  couponsGuest: '登录后查看您的优惠券。',
  couponsEmpty: '还没有优惠券，兑换礼品即可获得。',
  couponsAvailable: '可使用',
  couponsUsed: '已使用 / 已过期',
  couponUsed: '已使用',
  couponExpired: '已过期',
  couponRedeemedOn: (date) => `兑换于 ${date}`,
  couponExpiresOn: (date) => `${date} 到期`,
  copyCouponCode: (name) => `复制「${name}」的券码`,
  couponsLoadMore: '查看更多优惠券',

  memberCenter: '会员中心',
  tabOverview: '概览',
  tabRewards: '积分商城',
  tabInvite: '邀请好友',
  tabHistory: '积分明细',
  tabCoupons: '我的优惠券',
  centerGuest: '加入或登录会员，每笔订单赚积分，积分可兑换好礼。',
  waysToEarn: '赚积分方式',
  earnKind: {
    order: '购物',
    signup: '注册',
    referral: '邀请好友',
    check_in: '每日签到',
    birthday: '生日礼',
  },
  launcherGuest: '会员福利',
  launcherOpenFailed: '会员中心暂时无法打开，请重试。',
};

/** The shared table (common strings included) for a BCP 47 tag. */
export const messagesFor: (lang: string) => Messages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
