import { translations } from '../internal/i18n.js';

/** The strings of <mc-points-balance> (over the common ones), in English and Simplified Chinese. */
const en = {
  balanceLabel: 'Points balance',
  balanceWorth: (cash: string) => `Worth ${cash}`,
  lifetimeEarned: (n: string) => `${n} earned in total`,
  balanceChanged: (n: string) => `Your points balance is now ${n}.`,
  balanceGuest: 'Join to earn points on every order.',
  balanceEmpty: 'No points yet — your first order earns some.',
  pending: (lots: number, total: string, first: string, date: string) =>
    lots === 1 ? `+${total} pending, available ${date}` : `+${total} pending, the first ${first} available ${date}`,
  expiring: (lots: number, total: string, first: string, date: string) =>
    lots > 1
      ? `${total} points expire soon, the first ${first} on ${date}`
      : `${total} ${total === '1' ? 'point expires' : 'points expire'} on ${date}`,
  debt: (points: string) => `${points} points owed from a refund; new points pay it off first`,
};

const zhCN: typeof en = {
  balanceLabel: '积分余额',
  balanceWorth: (cash) => `可抵 ${cash}`,
  lifetimeEarned: (n) => `累计获得 ${n} 积分`,
  balanceChanged: (n) => `您的积分余额现为 ${n}。`,
  balanceGuest: '加入会员，每笔订单都能赚积分。',
  balanceEmpty: '还没有积分，首笔订单即可获得。',
  pending: (lots, total, first, date) =>
    lots === 1 ? `+${total} 待生效积分，${date} 到账` : `+${total} 待生效积分，首笔 ${first} 积分 ${date} 到账`,
  expiring: (lots, total, first, date) =>
    lots === 1 ? `${total} 积分即将过期（${date}）` : `${total} 积分即将过期，其中 ${first} 积分于 ${date} 过期`,
  debt: (points) => `退款待抵扣 ${points} 积分，新获得的积分将优先抵扣`,
};

export const pointsBalanceMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
