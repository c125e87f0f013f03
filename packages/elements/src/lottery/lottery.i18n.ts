import { translations } from '../internal/i18n.js';

/** The strings of <mc-lottery> (over the common ones), in English and Simplified Chinese. Figures arrive formatted. */
const en = {
  lotteryTitle: 'Points lottery',
  lotteryPrizes: 'Prizes',
  lotteryChance: (percent: string) => `${percent} chance`,
  lotteryDraw: 'Draw',
  lotteryCost: (points: string) => `${points} points`,
  lotteryDrawing: 'Drawing…',
  lotteryDailyLimit: (n: string) => `Up to ${n} draws a day.`,
  lotteryLeft: (n: number) => (n === 0 ? 'No draws left today.' : `${n} ${n === 1 ? 'draw' : 'draws'} left today.`),
  lotteryNotYet: (when: string) => `Starts ${when}.`,
  lotteryEnded: 'This lottery has ended.',
  lotteryGuest: (points: string) => `Members draw for prizes with points: ${points} points a draw.`,
  lotteryJoin: 'Log in to draw.',
  lotteryWon: (prize: string) => `You won ${prize}!`,
  lotteryCoupon: (code: string) => `Your code ${code} is in My coupons.`,
  lotteryNothing: (label: string) => `No prize this time: ${label}`,
  lotteryFailed: 'The draw didn’t go through. Please try again.',
  lotteryNotRunning: 'The lottery isn’t running right now.',
  lotteryLimit: 'You’ve used today’s draws. Come back tomorrow!',
  lotteryInsufficient: (points: string) => `You need ${points} points to draw.`,
  lotteryOutOfStock: 'Every prize has been given.',
};

const zhCN: typeof en = {
  lotteryTitle: '积分抽奖',
  lotteryPrizes: '奖品',
  lotteryChance: (percent) => `中奖概率 ${percent}`,
  lotteryDraw: '抽奖',
  lotteryCost: (points) => `${points} 积分`,
  lotteryDrawing: '抽奖中…',
  lotteryDailyLimit: (n) => `每天最多抽 ${n} 次。`,
  lotteryLeft: (n) => (n === 0 ? '今天的抽奖次数已用完。' : `今天还可抽 ${n} 次。`),
  lotteryNotYet: (when) => `${when} 开始。`,
  lotteryEnded: '本次抽奖已结束。',
  lotteryGuest: (points) => `会员可用积分抽奖：每次 ${points} 积分。`,
  lotteryJoin: '登录后即可抽奖。',
  lotteryWon: (prize) => `恭喜您抽中 ${prize}！`,
  lotteryCoupon: (code) => `券码 ${code} 已放入「我的优惠券」。`,
  lotteryNothing: (label) => `这次没有中奖：${label}`,
  lotteryFailed: '抽奖未成功，请重试。',
  lotteryNotRunning: '抽奖活动暂未进行。',
  lotteryLimit: '今天的抽奖次数已用完，明天再来吧！',
  lotteryInsufficient: (points) => `需要 ${points} 积分才能抽奖。`,
  lotteryOutOfStock: '奖品已全部抽完。',
};

export const lotteryMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
