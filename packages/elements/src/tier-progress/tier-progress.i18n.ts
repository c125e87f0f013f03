import { translations } from '../internal/i18n.js';

/** The strings of <mc-tier-progress> (over the common ones), in English and Simplified Chinese. */
const en = {
  tierLabel: 'Member tier',
  tierNone: 'No tier yet',
  tierProgressTo: (now: string, max: string, tier: string) => `${now} of ${max} points to ${tier}`,
  tierRemaining: (n: string, tier: string) => `${n} more points to ${tier}`,
  tierTop: 'You’re at the top tier',
  tierProgressName: (tier: string) => `Progress to ${tier}`,
  tierProgressTop: 'Tier progress',
  tierBenefits: (tier: string) => `${tier} benefits`,
  tierNoBenefits: 'No extra benefits at this tier.',
  tierGuest: (tier: string) => `Join to start earning your way to ${tier}.`,
  tierGuestNoTier: 'Join to start earning tier rewards.',
  tierEmpty: 'This program has no tiers.',
  tierSpendTo: (now: string, max: string, tier: string) => `${now} of ${max} spent toward ${tier}`,
  tierSpendRemaining: (amount: string, tier: string) => `Spend ${amount} more to reach ${tier}`,
  keepEarn: (points: string, date: string, tier: string) => `Earn ${points} more points by ${date} to keep ${tier}`,
  keepSpend: (amount: string, date: string, tier: string) => `Spend ${amount} more by ${date} to keep ${tier}`,
  kept: (tier: string, date: string) => `${tier} is yours through ${date}`,
};

const zhCN: typeof en = {
  tierLabel: '会员等级',
  tierNone: '暂无等级',
  tierProgressTo: (now, max, tier) => `${now} / ${max} 积分，升级至${tier}`,
  tierRemaining: (n, tier) => `再获得 ${n} 积分即可升级至${tier}`,
  tierTop: '您已是最高等级',
  tierProgressName: (tier) => `升级至${tier}的进度`,
  tierProgressTop: '等级进度',
  tierBenefits: (tier) => `${tier}等级权益`,
  tierNoBenefits: '该等级暂无额外权益。',
  tierGuest: (tier) => `加入会员，开始积累积分升级至${tier}。`,
  tierGuestNoTier: '加入会员，开始享受等级权益。',
  tierEmpty: '该计划暂未设置会员等级。',
  tierSpendTo: (now, max, tier) => `已消费 ${now} / ${max}，升级至${tier}`,
  tierSpendRemaining: (amount, tier) => `再消费 ${amount} 即可升级至${tier}`,
  keepEarn: (points, date, tier) => `${date}前再获得 ${points} 积分即可保级${tier}`,
  keepSpend: (amount, date, tier) => `${date}前再消费 ${amount} 即可保级${tier}`,
  kept: (tier, date) => `已保级${tier}，有效期至${date}`,
};

export const tierProgressMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
