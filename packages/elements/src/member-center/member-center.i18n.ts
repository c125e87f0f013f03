import { translations } from '../internal/i18n.js';

/** The strings of <mc-member-center> (over the common ones), in English and Simplified Chinese. */
const en = {
  memberCenter: 'Member center',
  tabOverview: 'Overview',
  tabRewards: 'Rewards',
  tabInvite: 'Invite',
  tabHistory: 'History',
  tabCoupons: 'Coupons',
  centerGuest: 'Join or log in to earn points on every order and swap them for rewards.',
  waysToEarn: 'Ways to earn',
  winBack: (points: string) => `We’ve missed you! Your ${points} points are still here — see what they can get you.`,
  winBackButton: 'See rewards',
  earnKind: {
    order: 'Shop',
    signup: 'Sign up',
    referral: 'Invite friends',
    check_in: 'Daily check-in',
    birthday: 'Birthday gift',
  },
};

const zhCN: typeof en = {
  memberCenter: '会员中心',
  tabOverview: '概览',
  tabRewards: '积分商城',
  tabInvite: '邀请好友',
  tabHistory: '积分明细',
  tabCoupons: '我的优惠券',
  centerGuest: '加入或登录会员，每笔订单赚积分，积分可兑换好礼。',
  waysToEarn: '赚积分方式',
  winBack: (points) => `好久不见！您的 ${points} 积分还在，看看能兑换什么吧。`,
  winBackButton: '去积分商城',
  earnKind: {
    order: '购物',
    signup: '注册',
    referral: '邀请好友',
    check_in: '每日签到',
    birthday: '生日礼',
  },
};

export const memberCenterMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
