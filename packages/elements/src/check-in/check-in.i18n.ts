import { translations } from '../internal/i18n.js';

/**
 * The strings of <mc-check-in> (over the common ones), in English and Simplified Chinese.
 * Figures arrive formatted; a count comes along where the sentence depends on it.
 */
const en = {
  checkInLabel: 'Daily check-in',
  streak: (count: number, days: string) => (count === 0 ? 'No streak yet' : `${days}-day streak`),
  checkInButton: (points: string) => `Check in +${points}`,
  checkingIn: 'Checking in…',
  checkedIn: 'Checked in today',
  comeBack: 'Come back tomorrow to keep your streak.',
  bonusToday: (bonus: string) => `Today’s check-in earns the ${bonus}-point streak bonus.`,
  bonusIn: (count: number, days: string, bonus: string) =>
    `${days} more ${count === 1 ? 'day' : 'days'} to the ${bonus}-point streak bonus.`,
  bonusEarned: (bonus: string) => `You earned the ${bonus}-point streak bonus today!`,
  dailyPoints: (points: string) => `${points} points for every day you check in.`,
  checkInGuest: (points: string) => `Check in every day for ${points} points.`,
  checkInGuestBonus: (points: string, bonus: string, day: string) =>
    `Check in every day for ${points} points, and ${bonus} more on day ${day} of a streak.`,
  checkInJoin: 'Join to start your streak.',
  checkedInAnnouncement: (points: string, days: string, bonus: boolean) =>
    `Checked in: +${points} points${bonus ? ', streak bonus included' : ''}. ${days}-day streak.`,
  checkInFailed: 'We couldn’t check you in. Please try again.',
  checkInUnavailable: 'Daily check-in isn’t available right now.',
};

const zhCN: typeof en = {
  checkInLabel: '每日签到',
  streak: (count, days) => (count === 0 ? '尚未连续签到' : `已连续签到 ${days} 天`),
  checkInButton: (points) => `签到 +${points}`,
  checkingIn: '签到中…',
  checkedIn: '今日已签到',
  comeBack: '明天再来，保持连续签到。',
  bonusToday: (bonus) => `今天签到可额外获得 ${bonus} 积分连签奖励。`,
  bonusIn: (_count, days, bonus) => `再签到 ${days} 天可获得 ${bonus} 积分连签奖励。`,
  bonusEarned: (bonus) => `今天已获得 ${bonus} 积分连签奖励！`,
  dailyPoints: (points) => `每天签到可得 ${points} 积分。`,
  checkInGuest: (points) => `每天签到可得 ${points} 积分。`,
  checkInGuestBonus: (points, bonus, day) => `每天签到可得 ${points} 积分，连续签到第 ${day} 天再奖励 ${bonus} 积分。`,
  checkInJoin: '加入会员，开始每日签到。',
  checkedInAnnouncement: (points, days, bonus) =>
    `签到成功：+${points} 积分${bonus ? '（含连签奖励）' : ''}，已连续签到 ${days} 天。`,
  checkInFailed: '签到失败，请重试。',
  checkInUnavailable: '暂不支持每日签到。',
};

export const checkInMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });
