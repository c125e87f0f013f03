import { translations } from '../internal/i18n.js';

/** The strings of <mc-coupons> (over the common ones), in English and Simplified Chinese. */
const en = {
  listTitle: 'My coupons',
  listGuest: 'Log in to see your coupons.',
  listEmpty: 'No coupons yet — redeem a reward to get one.',
  couponsAvailable: 'Available',
  couponsUsed: 'Used or expired',
  couponUsed: 'Used',
  couponExpired: 'Expired',
  couponVoid: 'Cancelled',
  couponUsedOn: (date: string) => `Used ${date}`,
  pointsDiscountName: (money: string) => `${money} off (points)`,
  couponRedeemedOn: (date: string) => `Redeemed ${date}`,
  couponExpiresOn: (date: string) => `Expires ${date}`,
  copy: 'Copy',
  copyCouponCode: (name: string) => `Copy the code of ${name}`,
  copied: 'Copied',
  copyFailed: 'Couldn’t copy — select the text and copy it yourself.',
  listLoadMore: 'Show more coupons',
  loadMoreError: 'We couldn’t load more.',
};

const zhCN: typeof en = {
  listTitle: '我的优惠券',
  listGuest: '登录后查看您的优惠券。',
  listEmpty: '还没有优惠券，兑换礼品即可获得。',
  couponsAvailable: '可使用',
  couponsUsed: '已使用 / 已过期',
  couponUsed: '已使用',
  couponExpired: '已过期',
  couponVoid: '已作废',
  couponUsedOn: (date) => `${date} 已使用`,
  pointsDiscountName: (money) => `积分抵现 ${money}`,
  couponRedeemedOn: (date) => `兑换于 ${date}`,
  couponExpiresOn: (date) => `${date} 到期`,
  copy: '复制',
  copyCouponCode: (name) => `复制「${name}」的券码`,
  copied: '已复制',
  copyFailed: '复制失败，请手动选择文本复制。',
  listLoadMore: '查看更多优惠券',
  loadMoreError: '暂时无法加载更多。',
};

export const couponsMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
