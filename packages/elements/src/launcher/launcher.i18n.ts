import { translations } from '../internal/i18n.js';

/** The strings of <mc-launcher> (over the common ones), in English and Simplified Chinese. */
const en = {
  memberCenter: 'Member center',
  launcherGuest: 'Rewards',
  launcherOpenFailed: 'The member center couldn’t open. Try again.',
  points: (n: string, count: number) => (count === 1 ? `${n} point` : `${n} points`),
  close: 'Close',
};

const zhCN: typeof en = {
  memberCenter: '会员中心',
  launcherGuest: '会员福利',
  launcherOpenFailed: '会员中心暂时无法打开，请重试。',
  points: (n) => `${n} 积分`,
  close: '关闭',
};

export const launcherMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
