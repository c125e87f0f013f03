import { translations } from '../internal/i18n.js';

/** The strings of <mc-points-balance> (over the common ones), in English and Simplified Chinese. */
const en = {
  balanceLabel: 'Points balance',
  balanceWorth: (cash: string) => `Worth ${cash}`,
  lifetimeEarned: (n: string) => `${n} earned in total`,
  balanceChanged: (n: string) => `Your points balance is now ${n}.`,
  balanceGuest: 'Join to earn points on every order.',
  balanceEmpty: 'No points yet — your first order earns some.',
};

const zhCN: typeof en = {
  balanceLabel: '积分余额',
  balanceWorth: (cash) => `可抵 ${cash}`,
  lifetimeEarned: (n) => `累计获得 ${n} 积分`,
  balanceChanged: (n) => `您的积分余额现为 ${n}。`,
  balanceGuest: '加入会员，每笔订单都能赚积分。',
  balanceEmpty: '还没有积分，首笔订单即可获得。',
};

export const pointsBalanceMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
