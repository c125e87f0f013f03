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
};

export const tierProgressMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
