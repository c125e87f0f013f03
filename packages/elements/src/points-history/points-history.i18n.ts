import type { ActivityType } from '@member-center/contract';
import { translations } from '../internal/i18n.js';

/** The strings of <mc-points-history> (over the common ones), in English and Simplified Chinese. */
const en = {
  listTitle: 'Points history',
  listGuest: 'Log in to see your points history.',
  listEmpty: 'No points activity yet.',
  historyBalance: (n: string) => `Balance ${n}`,
  historyEarned: 'points earned',
  historySpent: 'points spent',
  listLoadMore: 'Load more',
  historyLoaded: (count: number) => `${count} more ${count === 1 ? 'entry' : 'entries'} loaded.`,
  loadMoreError: 'We couldn’t load more.',
  /** An order by the label the shop gave it, e.g. "Order #1001". */
  orderLabeled: (label: string) => `Order ${label}`,
  /** An order the shop gave no label: by its date (its id means nothing to a shopper). */
  orderOn: (date: string) => `Order of ${date}`,
  refundOf: (order: string) => `Refund: ${order}`,
  activityType: {
    order: 'Order',
    redemption: 'Redemption',
    adjustment: 'Adjustment',
    expiry: 'Expired',
    refund: 'Refund',
    birthday: 'Birthday',
    check_in: 'Check-in',
    referral: 'Referral',
    discount: 'Points discount',
    tier: 'Tier',
    action: 'Reward',
    lottery: 'Lottery',
  } satisfies Record<ActivityType, string> as Record<string, string>,
};

const zhCN: typeof en = {
  listTitle: '积分明细',
  listGuest: '登录后查看积分明细。',
  listEmpty: '暂无积分记录。',
  historyBalance: (n) => `余额 ${n}`,
  historyEarned: '积分收入',
  historySpent: '积分支出',
  listLoadMore: '加载更多',
  historyLoaded: (count) => `已加载 ${count} 条记录。`,
  loadMoreError: '暂时无法加载更多。',
  orderLabeled: (label) => `订单 ${label}`,
  orderOn: (date) => `${date}的订单`,
  refundOf: (order) => `退款：${order}`,
  activityType: {
    order: '购物',
    redemption: '兑换',
    discount: '积分抵现',
    adjustment: '调整',
    expiry: '过期',
    refund: '退款',
    birthday: '生日',
    check_in: '签到',
    referral: '邀请',
    tier: '会员等级',
    action: '任务',
    lottery: '积分抽奖',
  },
};

export const pointsHistoryMessages = /* @__PURE__ */ translations({ en, 'zh-CN': zhCN });

/** The strings <mc-points-history> renders with. */
export type PointsHistoryMessages = ReturnType<typeof pointsHistoryMessages>;
