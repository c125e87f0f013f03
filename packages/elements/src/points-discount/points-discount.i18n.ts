import { translations } from '../internal/i18n.js';

/**
 * The strings of <mc-points-discount> (over the common ones), in English and Simplified Chinese.
 * Figures and money arrive formatted.
 */
const en = {
  discountLabel: 'Pay with points',
  discountPoints: 'Points to use',
  discountWorth: (money: string) => `${money} off your order`,
  discountRemaining: (points: string) => `${points} points left after this`,
  discountHeld: (points: string) => `${points} points held by unused codes`,
  discountButton: (money: string) => `Get a ${money} code`,
  discountBusy: 'Getting your code…',
  discountNeedMore: (min: string, balance: string) => `You need at least ${min} points; you have ${balance}.`,
  discountRule: (min: string, step: string) => `From ${min} points, in steps of ${step}.`,
  discountGuest: (points: string, money: string) => `Members can pay with points: ${points} points = ${money}.`,
  discountJoin: 'Log in to use your points.',
  discountCodeLabel: 'Your code',
  discountHowTo: (time: string) => `Enter it at checkout before ${time}. Unused, its points come back.`,
  discountInCoupons: 'You’ll also find it in My coupons.',
  discountAnother: 'Use other points',
  copy: 'Copy',
  copyCode: 'Copy the code',
  copied: 'Copied ✓',
  copiedAnnouncement: (code: string) => `Code ${code} copied.`,
  copyFailed: 'Couldn’t copy — select the code and copy it yourself.',
  discountCreated: (money: string, time: string) => `Your ${money} code is ready; use it before ${time}.`,
  discountFailed: 'We couldn’t make your code. Please try again.',
  discountNotAllowed: 'That many points can’t be used; pick another amount.',
  discountUnavailable: 'Paying with points isn’t available right now.',
  discountInsufficient: 'You don’t have that many points.',
};

const zhCN: typeof en = {
  discountLabel: '积分抵现',
  discountPoints: '使用积分',
  discountWorth: (money) => `订单立减 ${money}`,
  discountRemaining: (points) => `使用后剩余 ${points} 积分`,
  discountHeld: (points) => `${points} 积分已冻结在未使用的券码中`,
  discountButton: (money) => `领取 ${money} 抵扣码`,
  discountBusy: '正在生成抵扣码…',
  discountNeedMore: (min, balance) => `至少需要 ${min} 积分，您当前有 ${balance} 积分。`,
  discountRule: (min, step) => `${min} 积分起用，每次增减 ${step} 积分。`,
  discountGuest: (points, money) => `会员可用积分抵现：${points} 积分 = ${money}。`,
  discountJoin: '登录后即可使用积分。',
  discountCodeLabel: '您的抵扣码',
  discountHowTo: (time) => `请在 ${time} 前于结账时输入。未使用的积分将退回。`,
  discountInCoupons: '也可以在「我的优惠券」中找到。',
  discountAnother: '重新选择积分',
  copy: '复制',
  copyCode: '复制抵扣码',
  copied: '已复制 ✓',
  copiedAnnouncement: (code) => `抵扣码 ${code} 已复制。`,
  copyFailed: '复制失败，请手动选择抵扣码复制。',
  discountCreated: (money, time) => `${money} 抵扣码已生成，请在 ${time} 前使用。`,
  discountFailed: '抵扣码生成失败，请重试。',
  discountNotAllowed: '不能使用这么多积分，请换一个数量。',
  discountUnavailable: '暂不支持积分抵现。',
  discountInsufficient: '积分不足。',
};

export const pointsDiscountMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
