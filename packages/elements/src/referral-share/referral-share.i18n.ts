import { translations } from '../internal/i18n.js';

/** The strings of <mc-referral-share> (over the common ones), in English and Simplified Chinese. */
const en = {
  referralLabel: 'Invite friends',
  referralCode: 'Referral code',
  referralLink: 'Referral link',
  copyCode: 'Copy code',
  copyLink: 'Copy link',
  copied: 'Copied',
  copyFailed: 'Couldn’t copy — select the text and copy it yourself.',
  share: 'Share…',
  shareVia: 'Share via',
  shareText: (code: string) => `Join me and use my code ${code} to get a welcome gift.`,
  shareSubject: 'A gift for you',
  email: 'Email',
  showQr: 'Show QR code',
  hideQr: 'Hide QR code',
  qrAlt: 'QR code of your referral link',
  qrHint: 'Scan with WeChat or your phone’s camera.',
  invited: 'Friends invited',
  rewarded: 'Friends rewarded',
  pointsEarned: 'Points earned',
  referralGuest: 'Join to get your own invite code.',
  referralEmpty: 'No friends invited yet — share your code to get started.',
};

const zhCN: typeof en = {
  referralLabel: '邀请好友',
  referralCode: '邀请码',
  referralLink: '邀请链接',
  copyCode: '复制邀请码',
  copyLink: '复制链接',
  copied: '已复制',
  copyFailed: '复制失败，请手动选择文本复制。',
  share: '分享…',
  shareVia: '分享到',
  shareText: (code) => `和我一起加入吧，使用我的邀请码 ${code} 领取新人礼。`,
  shareSubject: '送你一份礼物',
  email: '邮件',
  showQr: '显示二维码',
  hideQr: '隐藏二维码',
  qrAlt: '邀请链接二维码',
  qrHint: '用微信或手机相机扫一扫。',
  invited: '已邀请好友',
  rewarded: '已获奖励好友',
  pointsEarned: '获得积分',
  referralGuest: '加入会员，获取专属邀请码。',
  referralEmpty: '还没有邀请好友，快分享您的邀请码吧。',
};

export const referralShareMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
