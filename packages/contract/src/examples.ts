import type * as z from 'zod/mini';
import type { ActivityList, ErrorEnvelope, Program, RedemptionList, Reward } from './responses.js';
import type { RouteDef, RouteName, Routes } from './routes.js';
import type { Stats } from './stats.js';

// Sample requests and answers for the API reference (OpenAPI `example`s), as the API answered
// them for the demo program ("Demo Shop", the server's demo.ts). Beside the route table rather
// than in it: 600 lines of sample data would bury the table's one line per fact. The mapped type
// below still makes a route without an example, or an example its schemas refuse, a type error,
// and the contract's tests parse every example with its schemas.

type In<S> = S extends z.ZodMiniType ? z.input<S> : never;

/** One exchange with a route: what is sent (path parameters, query, body) and the main success answer. */
export type RouteExample<R extends RouteDef> = (R extends { params: z.ZodMiniType }
  ? { readonly params: In<R['params']> }
  : { readonly params?: never }) &
  (R extends { query: z.ZodMiniType } ? { readonly query?: In<R['query']> } : { readonly query?: never }) &
  (R extends { body: z.ZodMiniType } ? { readonly body: In<R['body']> } : { readonly body?: never }) & {
    readonly response: z.output<R['response']>;
  };

/** `GET /v1/stats?interval=week` on the demo after a few orders and a redemption. */
const STATS_EXAMPLE: Stats = {
  range: {
    from: '2026-11-06',
    to: '2026-12-05',
    timeZone: 'Asia/Shanghai',
    startsAt: '2026-11-05T16:00:00.000Z',
    endsAt: '2026-12-05T16:00:00.000Z',
  },
  asOf: '2026-12-05T09:30:00.000Z',
  members: { total: 3, new: 3, active: { last30Days: 2, inRange: 2 } },
  points: {
    issued: 1840,
    redeemed: 1000,
    expired: 0,
    clawedBack: 62,
    adjustedDown: 0,
    outstanding: 778,
    pending: 0,
    debt: 0,
  },
  liability: {
    points: 778,
    value: { amount: 778, currency: 'CNY' },
    pointValue: { points: 100, value: { amount: 100, currency: 'CNY' } },
  },
  redemptionRate: { points: 0.5434782608695652, members: 0.3333333333333333 },
  orders: { count: 3, buyers: 2, repeatBuyers: 1, repeatPurchaseRate: 0.5 },
  tiers: [
    { tierId: '8a4658e6-a744-438f-80b1-abad9738a7f1', name: 'Bronze', threshold: 0, members: 2 },
    { tierId: '41bf7cfc-6daf-465b-bba0-7b5fd480b812', name: 'Silver', threshold: 1000, members: 1 },
    { tierId: '1296c8bb-98a4-47d7-9b4d-6e46cbf589d2', name: 'Gold', threshold: 2000, members: 0 },
  ],
  segments: {
    stages: [
      { stage: 'potential', members: 1 },
      { stage: 'new', members: 2 },
      { stage: 'active', members: 0 },
      { stage: 'loyal', members: 0 },
      { stage: 'at_risk', members: 0 },
      { stage: 'churned', members: 0 },
    ],
    rfm: {
      scored: 2,
      recency: [1, 0, 1, 0, 0],
      frequency: [1, 0, 1, 0, 0],
      monetary: [1, 0, 1, 0, 0],
      cells: [
        { r: 3, f: 3, m: 3, members: 1 },
        { r: 1, f: 1, m: 1, members: 1 },
      ],
    },
  },
  rewards: {
    redemptions: 1,
    redeemers: 1,
    top: [
      {
        rewardId: '5b0b8a53-2f0e-4d7c-9d55-0f3a3f0b6a11',
        name: '¥10 coupon',
        redemptions: 1,
        points: 1000,
        redeemers: 1,
      },
    ],
  },
  coupons: {
    issued: 1,
    used: 1,
    expired: 0,
    void: 0,
    byReward: [
      {
        rewardId: '5b0b8a53-2f0e-4d7c-9d55-0f3a3f0b6a11',
        rewardName: '¥10 coupon',
        issued: 1,
        used: 1,
        expired: 0,
        void: 0,
      },
    ],
  },
  campaigns: { running: [] },
  series: {
    interval: 'week',
    buckets: [
      { from: '2026-11-06', to: '2026-11-08', newMembers: 0, activeMembers: 0, issued: 0, redeemed: 0, expired: 0 },
      { from: '2026-11-09', to: '2026-11-15', newMembers: 0, activeMembers: 0, issued: 0, redeemed: 0, expired: 0 },
      { from: '2026-11-16', to: '2026-11-22', newMembers: 0, activeMembers: 0, issued: 0, redeemed: 0, expired: 0 },
      { from: '2026-11-23', to: '2026-11-29', newMembers: 1, activeMembers: 1, issued: 1240, redeemed: 0, expired: 0 },
      {
        from: '2026-11-30',
        to: '2026-12-05',
        newMembers: 2,
        activeMembers: 2,
        issued: 600,
        redeemed: 1000,
        expired: 0,
      },
    ],
  },
};

/** The demo's ¥20 coupon as a checkout sees it, in `status`. */
const sampleCoupon = (
  status: 'available' | 'used' | 'void',
  used: { usedAt: string; orderId: string } | { usedAt: null; orderId: null } = { usedAt: null, orderId: null },
) => ({
  code: '7KQM-ZP3X-H9TD',
  kind: 'reward' as const,
  status,
  customerId: 'alice',
  reward: { id: '02b1f8c4-1d7e-4f0a-9a3b-5c6d7e8f9a01', name: '¥20 coupon' },
  value: { amount: 2000, currency: 'CNY' },
  points: 2000,
  expiresAt: '2027-01-02T14:04:11.349Z',
  ...used,
  createdAt: '2026-12-03T14:04:11.349Z',
});

const DEMO_PROGRAM: z.output<typeof Program> = {
  id: '1d4a5da2-e674-4589-99e6-d30b722a5c6a',
  name: 'Demo Shop',
  currency: 'CNY',
  locale: 'en',
  pointValue: { points: 100, value: { amount: 100, currency: 'CNY' } },
  tierWindow: { kind: 'rolling_months', months: 12, basis: 'points' },
  tiers: [
    {
      id: '8a4658e6-a744-438f-80b1-abad9738a7f1',
      name: 'Bronze',
      threshold: 0,
      multiplier: 1,
      benefits: ['1 point per ¥1', 'Birthday gift'],
      translations: { 'zh-CN': { name: '铜卡会员', benefits: ['每消费1元得1积分', '生日礼'] } },
    },
    {
      id: '41bf7cfc-6daf-465b-bba0-7b5fd480b812',
      name: 'Silver',
      threshold: 1000,
      multiplier: 1.25,
      benefits: ['1.25× points', 'Free shipping over ¥99'],
      translations: { 'zh-CN': { name: '银卡会员', benefits: ['1.25倍积分', '满99元包邮'] } },
    },
    {
      id: '1296c8bb-98a4-47d7-9b4d-6e46cbf589d2',
      name: 'Gold',
      threshold: 2000,
      multiplier: 1.5,
      benefits: ['1.5× points', 'Free shipping', 'Gold-only rewards'],
      translations: { 'zh-CN': { name: '金卡会员', benefits: ['1.5倍积分', '全场包邮', '金卡专享礼品'] } },
    },
  ],
  waysToEarn: [
    { kind: 'order', description: 'Earn 1 point for every 1 CNY you spend', points: 1 },
    { kind: 'check_in', description: 'Check in daily for 5 points, 50 more on day 7 of a streak', points: 5 },
    { kind: 'birthday', description: 'Get 200 points in your birthday month', points: 200 },
    {
      kind: 'referral',
      description: 'Invite a friend: 500 points when their first order is complete',
      points: 500,
    },
  ],
  referralOffer: {
    referrerPoints: 500,
    refereePoints: 300,
    description: 'Give a friend 300 points and get 500 when their first order of CN¥50.00 or more is complete',
    minOrder: { amount: 5000, currency: 'CNY' },
  },
  pointsExpiry: { months: 12 },
  returnWindowDays: 0,
  allowNegativeBalance: false,
  timeZone: 'Asia/Shanghai',
  birthdayPoints: 200,
  checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 },
  campaigns: [],
  expiryNoticeDays: 7,
  pointsPerUnit: 1,
  siteUrl: 'http://localhost:8788',
  joinUrl: null,
  loginUrl: null,
  allowedOrigins: ['http://localhost:8788', 'http://127.0.0.1:8788', 'http://localhost:6006'],
};

const COUPON_20: z.output<typeof Reward> = {
  id: '8e8ca8e9-64e9-4b1d-8d90-e0518146e14d',
  name: '¥20 coupon',
  description: '¥20 off an order over ¥100.',
  imageUrl: null,
  cost: 2000,
  stock: 100,
  perMemberLimit: 2,
  tierId: null,
  active: true,
  status: 'active',
  kind: 'coupon',
  value: { amount: 2000, currency: 'CNY' },
  percentOff: null,
  translations: { 'zh-CN': { name: '20元优惠券', description: '满100元立减20元。' } },
  archivedAt: null,
};

const ACTIVITY_PAGE: z.output<typeof ActivityList> = {
  items: [
    {
      id: '6',
      type: 'redemption',
      points: -300,
      balance: 1226,
      description: 'Free shipping',
      orderId: null,
      redemptionId: '70875170-ce30-4a9f-9d11-8d6b760e3951',
      createdAt: '2026-12-03T14:04:11.349Z',
    },
    {
      id: '5',
      type: 'adjustment',
      points: 100,
      balance: 1526,
      description: 'Sorry for the late delivery',
      orderId: null,
      redemptionId: null,
      createdAt: '2026-12-03T14:04:11.304Z',
    },
  ],
  nextCursor: '5',
};

const COUPONS_PAGE: z.output<typeof RedemptionList> = {
  items: [
    {
      id: '70875170-ce30-4a9f-9d11-8d6b760e3951',
      rewardId: '13ed3f5d-4dc2-4d32-bb09-41a7e1c979d5',
      rewardName: 'Free shipping',
      points: 300,
      code: '42UQ-4469-TF38',
      createdAt: '2026-12-03T14:04:11.349Z',
    },
  ],
};

/** `GET /v1/me/profile` of the demo member. */
const PROFILE_EXAMPLE = {
  member: {
    customerId: 'demo-member',
    name: 'Ada Demo',
    email: 'ada@example.com',
    birthday: null,
    joinedAt: '2026-12-03T14:04:10.937Z',
  },
  consents: { email: { granted: true, source: 'widget', at: '2026-12-03T14:06:00.000Z' }, sms: null, wechat: null },
  birthdayEditable: true,
  earned: 0,
};

export const examples: { readonly [K in RouteName]: RouteExample<Routes[K]> } = {
  getProgram: {
    query: { locale: 'en' },
    response: DEMO_PROGRAM,
  },
  updateProgram: {
    body: {
      joinUrl: 'https://shop.example.com/account/register',
      loginUrl: 'https://shop.example.com/account/login',
      pointsExpiryMonths: 12,
    },
    response: {
      ...DEMO_PROGRAM,
      joinUrl: 'https://shop.example.com/account/register',
      loginUrl: 'https://shop.example.com/account/login',
      pointsExpiry: { months: 12 },
    },
  },
  getMe: {
    response: {
      member: {
        customerId: 'demo-member',
        name: 'Ada Demo',
        email: 'ada@example.com',
        birthday: null,
        joinedAt: '2026-12-03T14:04:10.937Z',
      },
      points: {
        balance: 1240,
        lifetimeEarned: 1240,
        cashValue: { amount: 1240, currency: 'CNY' },
        expiring: [],
        pending: [],
        pendingTotal: 0,
        debt: 0,
      },
      tier: {
        current: {
          id: '41bf7cfc-6daf-465b-bba0-7b5fd480b812',
          name: 'Silver',
          threshold: 1000,
          multiplier: 1.25,
          benefits: ['1.25× points', 'Free shipping over ¥99'],
        },
        next: {
          id: '1296c8bb-98a4-47d7-9b4d-6e46cbf589d2',
          name: 'Gold',
          threshold: 2000,
          multiplier: 1.5,
          benefits: ['1.5× points', 'Free shipping', 'Gold-only rewards'],
        },
        progress: { qualifyingPoints: 1240, remaining: 760, ratio: 0.24 },
        basis: 'points',
        keep: { remaining: 1000, by: '2027-12-03T14:04:10.989Z' },
      },
      referral: { code: 'J85UYST2', url: 'http://localhost:8788/?ref=J85UYST2' },
      checkIn: { today: false, streak: 0 },
      stage: 'new',
    },
  },
  listActivity: {
    query: { limit: '2' },
    response: ACTIVITY_PAGE,
  },
  listRewards: {
    query: { limit: '2' },
    response: {
      items: [
        {
          id: '61d2106e-df9b-49f1-a15f-1c182d0898cf',
          name: '¥10 coupon',
          description: '¥10 off your next order over ¥50.',
          imageUrl: null,
          cost: 1000,
          stock: null,
          perMemberLimit: null,
          tierId: null,
          active: true,
          status: 'active',
          kind: 'coupon',
          value: { amount: 1000, currency: 'CNY' },
          percentOff: null,
          translations: { 'zh-CN': { name: '10元优惠券', description: '下单满50元立减10元。' } },
          archivedAt: null,
          redeemable: true,
        },
        {
          id: '13ed3f5d-4dc2-4d32-bb09-41a7e1c979d5',
          name: 'Free shipping',
          description: 'Free standard shipping on one order.',
          imageUrl: null,
          cost: 300,
          stock: null,
          perMemberLimit: null,
          tierId: null,
          active: true,
          status: 'active',
          kind: 'free_shipping',
          value: null,
          percentOff: null,
          translations: { 'zh-CN': { name: '免运费券', description: '一笔订单免标准运费。' } },
          archivedAt: null,
          redeemable: true,
        },
      ],
      nextCursor: '2',
    },
  },
  redeem: {
    body: { rewardId: '13ed3f5d-4dc2-4d32-bb09-41a7e1c979d5' },
    response: {
      redemption: {
        id: '70875170-ce30-4a9f-9d11-8d6b760e3951',
        rewardId: '13ed3f5d-4dc2-4d32-bb09-41a7e1c979d5',
        rewardName: 'Free shipping',
        points: 300,
        code: '42UQ-4469-TF38',
        createdAt: '2026-12-03T14:04:11.349Z',
      },
      points: { balance: 1226 },
    },
  },
  listRedemptions: {
    query: { limit: '2' },
    response: COUPONS_PAGE,
  },
  getReferral: {
    response: {
      code: 'J85UYST2',
      url: 'http://localhost:8788/?ref=J85UYST2',
      stats: { invited: 0, rewarded: 0, pointsEarned: 0 },
    },
  },
  checkIn: { response: { checkIn: { date: '2026-12-03', streak: 1, points: 5 }, points: { balance: 1231 } } },
  upsertMember: {
    params: { customerId: 'c-1024' },
    body: { name: 'Li Lei', email: 'lilei@example.com', birthday: '1990-05-17' },
    response: {
      member: {
        customerId: 'c-1024',
        name: 'Li Lei',
        email: 'lilei@example.com',
        birthday: '1990-05-17',
        joinedAt: '2026-12-03T14:04:11.410Z',
      },
      points: {
        balance: 0,
        lifetimeEarned: 0,
        cashValue: { amount: 0, currency: 'CNY' },
        expiring: [],
        pending: [],
        pendingTotal: 0,
        debt: 0,
      },
      tier: {
        current: {
          id: '8a4658e6-a744-438f-80b1-abad9738a7f1',
          name: 'Bronze',
          threshold: 0,
          multiplier: 1,
          benefits: ['1 point per ¥1', 'Birthday gift'],
        },
        next: {
          id: '41bf7cfc-6daf-465b-bba0-7b5fd480b812',
          name: 'Silver',
          threshold: 1000,
          multiplier: 1.25,
          benefits: ['1.25× points', 'Free shipping over ¥99'],
        },
        progress: { qualifyingPoints: 0, remaining: 1000, ratio: 0 },
        basis: 'points',
        keep: null,
      },
      referral: { code: 'R2VBG44H', url: 'http://localhost:8788/?ref=R2VBG44H' },
      stage: 'potential',
    },
  },
  getMember: {
    params: { customerId: 'demo-member' },
    response: {
      member: {
        customerId: 'demo-member',
        name: 'Ada Demo',
        email: 'ada@example.com',
        birthday: null,
        joinedAt: '2026-12-03T14:04:10.937Z',
      },
      points: {
        balance: 1231,
        lifetimeEarned: 1593,
        cashValue: { amount: 1231, currency: 'CNY' },
        expiring: [],
        pending: [],
        pendingTotal: 0,
        debt: 0,
      },
      tier: {
        current: {
          id: '41bf7cfc-6daf-465b-bba0-7b5fd480b812',
          name: 'Silver',
          threshold: 1000,
          multiplier: 1.25,
          benefits: ['1.25× points', 'Free shipping over ¥99'],
        },
        next: {
          id: '1296c8bb-98a4-47d7-9b4d-6e46cbf589d2',
          name: 'Gold',
          threshold: 2000,
          multiplier: 1.5,
          benefits: ['1.5× points', 'Free shipping', 'Gold-only rewards'],
        },
        progress: { qualifyingPoints: 1426, remaining: 574, ratio: 0.426 },
        basis: 'points',
        keep: { remaining: 814, by: '2027-12-03T14:04:10.989Z' },
      },
      referral: { code: 'J85UYST2', url: 'http://localhost:8788/?ref=J85UYST2' },
      stage: 'new',
    },
  },
  listMembers: {
    query: { limit: '2', stage: 'new' },
    response: {
      items: [
        {
          member: {
            customerId: 'demo-member',
            name: 'Ada Demo',
            email: 'ada@example.com',
            birthday: null,
            joinedAt: '2026-12-03T14:04:10.937Z',
          },
          stage: 'new',
          rfm: { r: 1, f: 1, m: 1 },
          orders: {
            count: 2,
            netSpend: { amount: 138900, currency: 'CNY' },
            firstAt: '2026-12-03T14:04:10.989Z',
            lastAt: '2026-12-03T14:04:11.219Z',
          },
        },
      ],
    },
  },
  getSegments: {
    response: {
      asOf: '2026-12-03T14:04:11.478Z',
      members: 3,
      stages: [
        { stage: 'potential', members: 2 },
        { stage: 'new', members: 1 },
        { stage: 'active', members: 0 },
        { stage: 'loyal', members: 0 },
        { stage: 'at_risk', members: 0 },
        { stage: 'churned', members: 0 },
      ],
      rfm: {
        scored: 1,
        recency: [1, 0, 0, 0, 0],
        frequency: [1, 0, 0, 0, 0],
        monetary: [1, 0, 0, 0, 0],
        cells: [{ r: 1, f: 1, m: 1, members: 1 }],
      },
      rules: { newDays: 30, loyalMinOrders: 3, loyalWithinDays: 60, atRiskDays: 90, churnedDays: 180 },
    },
  },
  recordOrder: {
    params: { customerId: 'demo-member' },
    body: { orderId: 'A-1001', total: { amount: 19900, currency: 'CNY' } },
    response: { pointsAwarded: 248, points: { balance: 1488 } },
  },
  refundOrder: {
    params: { customerId: 'demo-member', orderId: 'A-1001' },
    body: { refundId: 'R-1001-1', amount: { amount: 5000, currency: 'CNY' } },
    response: { pointsClawedBack: 62, points: { balance: 1426 }, debt: 0 },
  },
  adjustPoints: {
    params: { customerId: 'demo-member' },
    body: { points: 100, reason: 'Sorry for the late delivery' },
    response: { points: { balance: 1526 } },
  },
  createReferral: {
    body: { code: 'J85UYST2', customerId: 'c-2048', email: 'hanmeimei@example.com', ip: '203.0.113.7' },
    response: {
      referral: {
        id: 'c6115b86-9aec-4b38-b850-388decf13e4b',
        code: 'J85UYST2',
        referrer: { customerId: 'demo-member' },
        referee: { customerId: 'c-2048' },
        status: 'pending',
        reason: null,
        orderId: null,
        rewards: { referrerPoints: 0, refereePoints: 0 },
        createdAt: '2026-12-03T14:04:11.450Z',
        settledAt: null,
      },
    },
  },
  listReferrals: {
    query: { limit: '2' },
    response: {
      items: [
        {
          id: 'c6115b86-9aec-4b38-b850-388decf13e4b',
          code: 'J85UYST2',
          referrer: { customerId: 'demo-member' },
          referee: { customerId: 'c-2048' },
          status: 'pending',
          reason: null,
          orderId: null,
          rewards: { referrerPoints: 0, refereePoints: 0 },
          createdAt: '2026-12-03T14:04:11.450Z',
          settledAt: null,
        },
      ],
    },
  },
  createReward: {
    body: {
      name: '¥20 coupon',
      description: '¥20 off an order over ¥100.',
      cost: 2000,
      stock: 100,
      perMemberLimit: 2,
      kind: 'coupon',
      value: { amount: 2000, currency: 'CNY' },
      translations: { 'zh-CN': { name: '20元优惠券', description: '满100元立减20元。' } },
    },
    response: { reward: COUPON_20 },
  },
  updateReward: {
    params: { id: '8e8ca8e9-64e9-4b1d-8d90-e0518146e14d' },
    body: { cost: 1800 },
    response: { reward: { ...COUPON_20, cost: 1800 } },
  },
  listCampaigns: {
    query: { limit: '2' },
    response: {
      items: [
        {
          id: '7e9c6b23-5e63-4757-ac1d-a9b4a1fc9603',
          name: "Singles' Day double points",
          multiplier: 2,
          startsAt: '2027-11-10T16:00:00.000Z',
          endsAt: '2027-11-11T16:00:00.000Z',
          tierId: null,
          firstOrderOnly: false,
          createdAt: '2026-12-03T14:04:11.073Z',
        },
      ],
    },
  },
  createCampaign: {
    body: {
      name: 'Double points weekend',
      multiplier: 2,
      startsAt: '2027-03-06T00:00:00+08:00',
      endsAt: '2027-03-08T00:00:00+08:00',
    },
    response: {
      campaign: {
        id: '99fca75e-a466-4bde-a8b9-5e26d5bef5b4',
        name: 'Double points weekend',
        multiplier: 2,
        startsAt: '2027-03-05T16:00:00.000Z',
        endsAt: '2027-03-07T16:00:00.000Z',
        tierId: null,
        firstOrderOnly: false,
        createdAt: '2026-12-03T14:04:11.499Z',
      },
    },
  },
  updateCampaign: {
    params: { id: '99fca75e-a466-4bde-a8b9-5e26d5bef5b4' },
    body: { endsAt: '2027-03-07T12:00:00+08:00' },
    response: {
      campaign: {
        id: '99fca75e-a466-4bde-a8b9-5e26d5bef5b4',
        name: 'Double points weekend',
        multiplier: 2,
        startsAt: '2027-03-05T16:00:00.000Z',
        endsAt: '2027-03-07T04:00:00.000Z',
        tierId: null,
        firstOrderOnly: false,
        createdAt: '2026-12-03T14:04:11.499Z',
      },
    },
  },
  getCampaignResults: {
    params: { id: '99fca75e-a466-4bde-a8b9-5e26d5bef5b4' },
    response: {
      campaign: {
        id: '99fca75e-a466-4bde-a8b9-5e26d5bef5b4',
        name: 'Double points weekend',
        multiplier: 2,
        startsAt: '2027-03-05T16:00:00.000Z',
        endsAt: '2027-03-07T16:00:00.000Z',
        tierId: null,
        firstOrderOnly: false,
        createdAt: '2026-12-03T14:04:11.499Z',
        holdoutShare: 0.1,
      },
      during: {
        from: '2027-03-05T16:00:00.000Z',
        to: '2027-03-07T16:00:00.000Z',
        orders: 412,
        spend: { amount: 5_312_400, currency: 'CNY' },
        points: 98_130,
        activeMembers: 377,
      },
      before: {
        from: '2027-03-03T16:00:00.000Z',
        to: '2027-03-05T16:00:00.000Z',
        orders: 301,
        spend: { amount: 3_902_100, currency: 'CNY' },
        points: 38_870,
        activeMembers: 280,
      },
      holdout: {
        treated: {
          members: 9012,
          orders: 380,
          spend: { amount: 4_901_000, currency: 'CNY' },
          points: 94_020,
          ordersPerMember: 0.0422,
          spendPerMember: 543.83,
          pointsPerMember: 10.43,
        },
        heldOut: {
          members: 988,
          orders: 32,
          spend: { amount: 411_400, currency: 'CNY' },
          points: 4110,
          ordersPerMember: 0.0324,
          spendPerMember: 416.4,
          pointsPerMember: 4.16,
        },
        lift: {
          spendPerMember: 127.43,
          low: -31.2,
          high: 286.06,
          relative: 0.306,
          relativeLow: -0.075,
          relativeHigh: 0.687,
          df: 1391.4,
          significant: false,
        },
        ordersLift: 0.0098,
        pointsLift: 6.27,
      },
    },
  },
  createWebhook: {
    body: { url: 'https://shop.example.com/hooks/loyalty', events: ['redemption.created', 'tier.changed'] },
    response: {
      webhook: {
        id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047',
        url: 'https://shop.example.com/hooks/loyalty',
        events: ['redemption.created', 'tier.changed'],
        createdAt: '2026-12-03T14:04:11.326Z',
      },
      secret: 'whsec_8cmAteHmwy0wjwUcBbaoHgUCEKhRpuEA',
    },
  },
  listWebhooks: {
    query: { limit: '2' },
    response: {
      items: [
        {
          id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047',
          url: 'https://shop.example.com/hooks/loyalty',
          events: ['redemption.created', 'tier.changed'],
          createdAt: '2026-12-03T14:04:11.326Z',
        },
      ],
    },
  },
  deleteWebhook: {
    params: { id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047' },
    response: { id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047', deleted: true },
  },
  listWebhookDeliveries: {
    params: { id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047' },
    query: { limit: '2' },
    response: {
      items: [
        {
          id: '1842',
          eventId: '0b8d5c1e-3f5a-4d43-9a51-7c1f0e2d9b64',
          eventType: 'redemption.created',
          status: 'pending',
          attempts: 1,
          lastStatus: 503,
          lastError: 'HTTP 503',
          nextAttemptAt: '2026-12-03T14:10:30.000Z',
          deliveredAt: null,
          createdAt: '2026-12-03T14:10:00.000Z',
        },
      ],
    },
  },
  resendWebhookDelivery: {
    params: { id: 'ecd40d8c-114d-4b8d-9b21-73230d6e1047', deliveryId: '1842' },
    response: {
      delivery: {
        id: '1842',
        eventId: '0b8d5c1e-3f5a-4d43-9a51-7c1f0e2d9b64',
        eventType: 'redemption.created',
        status: 'pending',
        attempts: 0,
        lastStatus: 503,
        lastError: 'HTTP 503',
        nextAttemptAt: '2026-12-04T09:00:00.000Z',
        deliveredAt: null,
        createdAt: '2026-12-03T14:10:00.000Z',
      },
    },
  },
  getStats: { query: { interval: 'week' }, response: STATS_EXAMPLE },
  archiveReward: {
    params: { id: '8e8ca8e9-64e9-4b1d-8d90-e0518146e14d' },
    response: {
      reward: {
        ...COUPON_20,
        cost: 1800,
        active: false,
        status: 'archived',
        archivedAt: '2026-12-04T09:30:00.000Z',
      },
    },
  },
  listMemberActivity: {
    params: { customerId: 'demo-member' },
    query: { limit: '2' },
    response: ACTIVITY_PAGE,
  },
  listMemberCoupons: {
    params: { customerId: 'demo-member' },
    query: { limit: '2' },
    response: COUPONS_PAGE,
  },
  createDiscount: {
    body: { points: 500 },
    response: {
      redemption: {
        id: '5b0f4a7e-2c1d-4e8f-9a6b-3c2d1e0f9a8b',
        rewardId: '00000000-0000-0000-0000-000000000000',
        rewardName: 'Points discount',
        points: 500,
        code: 'R4WN-8CXE-2JHV',
        createdAt: '2026-12-03T14:10:00.000Z',
        kind: 'points_discount',
        status: 'available',
        value: { amount: 500, currency: 'CNY' },
        expiresAt: '2026-12-03T14:40:00.000Z',
        usedAt: null,
      },
      points: { balance: 726, held: 500 },
    },
  },
  getCoupon: { params: { code: '7KQM-ZP3X-H9TD' }, response: { coupon: sampleCoupon('available') } },
  useCoupon: {
    params: { code: '7KQM-ZP3X-H9TD' },
    body: { orderId: 'order-1043', orderTotal: { amount: 12900, currency: 'CNY' } },
    response: { coupon: sampleCoupon('used', { usedAt: '2026-12-05T09:30:00.000Z', orderId: 'order-1043' }) },
  },
  releaseCoupon: {
    params: { code: '7KQM-ZP3X-H9TD' },
    body: { orderId: 'order-1043' },
    response: { coupon: sampleCoupon('available') },
  },
  voidCoupon: { params: { code: '7KQM-ZP3X-H9TD' }, response: { coupon: sampleCoupon('void') } },
  drawLottery: {
    response: {
      draw: {
        id: '3f0c9a52-7d1e-4b6a-8e2f-1c9d0b7a6e54',
        createdAt: '2026-12-05T10:00:00.000Z',
        cost: 50,
        tableVersion: 1,
        random: { value: 412, outOf: 1000 },
        landedPrizeId: 'points-20',
        prize: {
          id: 'points-20',
          kind: 'points',
          label: '20 points',
          translations: { 'zh-CN': { label: '20积分' } },
          points: 20,
        },
        coupon: null,
      },
      points: { balance: 1196 },
      drawsLeftToday: 2,
    },
  },
  listLotteryDraws: {
    query: { limit: '1' },
    response: {
      items: [
        {
          id: '3f0c9a52-7d1e-4b6a-8e2f-1c9d0b7a6e54',
          createdAt: '2026-12-05T10:00:00.000Z',
          cost: 50,
          tableVersion: 1,
          random: { value: 412, outOf: 1000 },
          landedPrizeId: 'points-20',
          prize: {
            id: 'points-20',
            kind: 'points',
            label: '20 points',
            translations: { 'zh-CN': { label: '20积分' } },
            points: 20,
          },
          coupon: null,
        },
      ],
      nextCursor: '7',
    },
  },
  issueCoupons: {
    body: {
      batchKey: 'winback-2026-12',
      rewardId: '02b1f8c4-1d7e-4f0a-9a3b-5c6d7e8f9a01',
      segment: { stage: 'at_risk' },
      validDays: 14,
    },
    response: {
      batchKey: 'winback-2026-12',
      rewardId: '02b1f8c4-1d7e-4f0a-9a3b-5c6d7e8f9a01',
      matched: 42,
      issued: 42,
      expiresAt: '2026-12-17T14:04:11.349Z',
    },
  },
  get getBootstrap() {
    return {
      response: {
        program: DEMO_PROGRAM,
        me: examples.getMe.response,
        referral: examples.getReferral.response,
        rewards: examples.listRewards.response,
      },
    };
  },
  reportAction: {
    params: { customerId: 'demo-member' },
    body: { type: 'review_written', id: 'review-5521' },
    response: {
      action: {
        type: 'review_written',
        id: 'review-5521',
        status: 'credited',
        points: 50,
        cap: null,
        date: '2026-12-03',
        createdAt: '2026-12-03T14:05:00.000Z',
      },
      points: { balance: 1290 },
    },
  },
  listMyActions: {
    query: { locale: 'en' },
    response: {
      items: [
        {
          type: 'review_written',
          label: 'Write a product review',
          points: 50,
          perDay: 2,
          lifetime: 20,
          translations: { 'zh-CN': '写商品评价' },
          today: 1,
          total: 1,
          available: true,
        },
      ],
    },
  },
  getProfile: { response: PROFILE_EXAMPLE },
  updateProfile: {
    body: { birthday: '1990-05-17' },
    response: {
      ...PROFILE_EXAMPLE,
      member: { ...PROFILE_EXAMPLE.member, birthday: '1990-05-17' },
      birthdayEditable: false,
      earned: 100,
    },
  },
  setMyConsent: {
    params: { channel: 'email' },
    body: { granted: true },
    response: {
      consents: {
        ...PROFILE_EXAMPLE.consents,
        email: { granted: true, source: 'widget', at: '2026-12-03T14:06:00.000Z' },
      },
    },
  },
  setMemberConsent: {
    params: { customerId: 'demo-member', channel: 'sms' },
    body: { granted: false },
    response: {
      consents: {
        ...PROFILE_EXAMPLE.consents,
        sms: { granted: false, source: 'merchant_api', at: '2026-12-03T14:06:00.000Z' },
      },
    },
  },
  exportMember: {
    params: { customerId: 'demo-member' },
    response: {
      exportedAt: '2026-12-03T14:07:00.000Z',
      program: { id: 'b7f7b8a2-8d0a-4a51-9f5e-5f3f6c1c8e11', name: 'Demo Shop' },
      member: { customerId: 'demo-member', name: 'Ada Demo', email: 'ada@example.com', birthday: null, balance: 1240 },
      consents: PROFILE_EXAMPLE.consents,
      consentHistory: [{ channel: 'email', granted: true, source: 'widget', createdAt: '2026-12-03T14:06:00.000Z' }],
      ledger: [
        {
          id: 1,
          type: 'order',
          points: 1240,
          balanceAfter: 1240,
          description: 'Order demo-1',
          createdAt: '2026-12-03T14:04:11.000Z',
        },
      ],
      orders: [],
      refunds: [],
      pendingPoints: [],
      redemptions: [],
      referrals: [],
      checkIns: [],
      actions: [],
    },
  },
  eraseMember: {
    params: { customerId: 'demo-member' },
    response: { erased: true, erasedAt: '2026-12-03T14:08:00.000Z' },
  },
};

/** An answer of each error status, as the API gives it. */
export const errorExamples: Readonly<Record<number, z.output<typeof ErrorEnvelope>>> = {
  400: {
    error: {
      code: 'invalid_request',
      message: "The request's body is not valid: body.total: Invalid input",
      details: { issues: [{ path: 'body.total', message: 'Invalid input', code: 'invalid_type' }] },
    },
  },
  401: {
    error: { code: 'unauthenticated', message: 'This route needs a member token: `Authorization: Bearer <token>`.' },
  },
  403: {
    error: {
      code: 'forbidden',
      message:
        "The origin https://evil.example is not allowed for this program; add it to the program's allowed origins.",
    },
  },
  404: { error: { code: 'not_found', message: 'No member nobody in this program.' } },
  409: {
    error: {
      code: 'idempotency_conflict',
      message: 'This idempotency key was already used for a different request; use a new key for a new request.',
    },
  },
  413: { error: { code: 'payload_too_large', message: 'The request body is over 1 MB.' } },
  422: {
    error: {
      code: 'insufficient_points',
      message: 'This needs 2500 points; the balance is 1240.',
      details: { balance: 1240, pointsNeeded: 1260 },
    },
  },
  429: {
    error: {
      code: 'rate_limited',
      message: 'Too many requests; try again in 12 seconds.',
      details: { limit: 60, windowSeconds: 60, retryAfter: 12 },
    },
  },
};
