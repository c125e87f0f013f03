import type {
  ActivityEntry,
  Me,
  PointsSummary,
  Program,
  Redemption,
  Referral,
  Reward,
  Tier,
  TierStatus,
} from '@member-center/contract';

/** A deterministic UUID for fixture number `n`. */
export const fixtureId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const TIERS: Tier[] = [
  { id: fixtureId(1), name: 'Bronze', threshold: 0, multiplier: 1, benefits: ['1 point per ¥1'] },
  {
    id: fixtureId(2),
    name: 'Silver',
    threshold: 1000,
    multiplier: 1.25,
    benefits: ['1.25 points per ¥1', 'Birthday gift'],
  },
  {
    id: fixtureId(3),
    name: 'Gold',
    threshold: 2000,
    multiplier: 1.5,
    benefits: ['1.5 points per ¥1', 'Free shipping', 'Early access to sales'],
  },
];

export function makeProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: fixtureId(100),
    name: 'Demo Rewards',
    currency: 'CNY',
    locale: 'zh-CN',
    pointValue: { points: 100, value: { amount: 100, currency: 'CNY' } },
    tierWindow: { kind: 'rolling_months', months: 12 },
    tiers: TIERS,
    waysToEarn: [{ kind: 'order', description: '1 point per ¥1', points: 1 }],
    referralOffer: { referrerPoints: 500, refereePoints: 200, description: 'You both get points' },
    checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 },
    ...overrides,
  };
}

/** What a member summary may add to the core figures: fields the API sends since v1.1–v1.3. */
export interface MeExtras {
  points?: Pick<PointsSummary, 'pending' | 'expiring' | 'debt' | 'held'>;
  tier?: Pick<TierStatus, 'basis' | 'keep'>;
  checkIn?: Me['checkIn'];
  stage?: Me['stage'];
}

/** The member summary the API would return for these figures (tier from the program's thresholds). */
export function makeMe(
  program: Program,
  balance: number,
  lifetimeEarned: number,
  referral: Referral,
  extras: MeExtras = {},
): Me {
  const tiers = [...program.tiers].sort((a, b) => a.threshold - b.threshold);
  const reached = tiers.filter((tier) => tier.threshold <= lifetimeEarned);
  const current = reached.at(-1) ?? null;
  const next = tiers.find((tier) => tier.threshold > lifetimeEarned) ?? null;
  const floor = current?.threshold ?? 0;
  const ratio = next ? (lifetimeEarned - floor) / (next.threshold - floor) : 1;
  const cashValue = program.pointValue
    ? {
        amount: Math.floor((balance / program.pointValue.points) * program.pointValue.value.amount),
        currency: program.pointValue.value.currency,
      }
    : null;
  return {
    member: {
      customerId: 'cust_42',
      name: 'Amy',
      email: 'amy@example.com',
      birthday: null,
      joinedAt: '2025-01-15T08:00:00.000Z',
    },
    points: {
      balance,
      lifetimeEarned,
      cashValue,
      ...extras.points,
      ...(extras.points?.pending && {
        pendingTotal: extras.points.pending.reduce((sum, { points }) => sum + points, 0),
      }),
    },
    tier: {
      current,
      next,
      progress: { qualifyingPoints: lifetimeEarned, remaining: next ? next.threshold - lifetimeEarned : null, ratio },
      ...extras.tier,
    },
    referral: { code: referral.code, url: referral.url },
    ...(extras.checkIn !== undefined && { checkIn: extras.checkIn }),
    ...(extras.stage !== undefined && { stage: extras.stage }),
  };
}

export function makeReferral(overrides: Partial<Referral['stats']> = {}): Referral {
  return {
    code: 'AMY7K2Q',
    url: 'https://shop.example/r/AMY7K2Q',
    stats: { invited: 3, rewarded: 2, pointsEarned: 1000, ...overrides },
  };
}

/** A small catalog with one reward for each reason a member might not redeem it. */
export function sampleRewards(): Reward[] {
  const reward = (n: number, fields: Partial<Reward>): Reward => ({
    id: fixtureId(1000 + n),
    name: `Reward ${n}`,
    description: null,
    imageUrl: null,
    cost: 100,
    stock: null,
    perMemberLimit: null,
    tierId: null,
    active: true,
    ...fields,
  });
  return [
    reward(1, { name: '¥10 coupon', cost: 500, stock: 12, description: '¥10 off any order over ¥99' }),
    reward(2, { name: 'Tote bag', cost: 1360, stock: 40 }),
    reward(3, { name: 'Free shipping', cost: 200, stock: 0 }),
    reward(4, { name: 'VIP lounge pass', cost: 800, tierId: TIERS[2]!.id }),
    reward(5, { name: 'Welcome mug', cost: 300, perMemberLimit: 1 }),
    reward(6, { name: 'Coffee voucher', cost: 150 }),
  ];
}

/** `count` rewards with varied costs and stock, for long-catalog tests and benchmarks. */
export function manyRewards(count: number): Reward[] {
  return Array.from({ length: count }, (_, i) => ({
    id: fixtureId(100_000 + i),
    name: `Reward #${i + 1}`,
    description: null,
    imageUrl: null,
    cost: 100 + ((i * 37) % 50) * 50,
    stock: i % 7 === 0 ? null : (i * 13) % 90,
    perMemberLimit: null,
    tierId: null,
    active: true,
  }));
}

/** A coupon as the wallet may one day receive it: a redemption plus optional use/expiry fields. */
export type CouponFixture = Redemption & { status?: 'available' | 'used' | 'expired'; expiresAt?: string | null };

/**
 * `count` ledger entries, newest first, ending at `balance`: earns from orders, spends on
 * rewards and the odd adjustment, one day apart from 1 March 2026 backwards.
 */
export function sampleActivity(count = 3, balance = 1240): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  let after = balance;
  for (let i = 0; i < count; i++) {
    const type = (['order', 'redemption', 'adjustment'] as const)[i % 3]!;
    const points = type === 'order' ? 120 + i : type === 'redemption' ? -300 : 50;
    entries.push({
      id: `act_${i + 1}`,
      type,
      points,
      balance: after,
      description:
        type === 'order' ? `Order shop-order-${i}` : type === 'redemption' ? 'Coffee voucher' : 'Goodwill bonus',
      // The merchant's own id, which the history never shows: the label stands for it.
      orderId: type === 'order' ? `shop-order-${fixtureId(800_000 + i)}` : null,
      orderLabel: type === 'order' ? `#${1000 - i}` : null,
      redemptionId: type === 'redemption' ? fixtureId(600_000 + i) : null,
      createdAt: new Date(Date.UTC(2026, 2, 1, 12) - i * 86_400_000).toISOString(),
    });
    after = Math.max(0, after - points);
  }
  return entries;
}

/** A wallet of four coupons, newest first: two available (one expiring), one used, one expired. */
export function sampleCoupons(): CouponFixture[] {
  const coupon = (n: number, fields: Partial<CouponFixture>): CouponFixture => ({
    id: fixtureId(700_000 + n),
    rewardId: fixtureId(1000 + n),
    rewardName: `Reward ${n}`,
    points: 100,
    code: `MC-CODE-${n}`,
    createdAt: new Date(Date.UTC(2026, 1, 20 - n, 9)).toISOString(),
    ...fields,
  });
  return [
    coupon(1, { rewardName: '¥10 coupon', points: 500, expiresAt: '2099-12-31T00:00:00.000Z' }),
    coupon(2, { rewardName: 'Coffee voucher', points: 150 }),
    coupon(3, { rewardName: 'Free shipping', points: 200, status: 'used' }),
    coupon(4, { rewardName: 'Tote bag', points: 1360, expiresAt: '2020-01-01T00:00:00.000Z' }),
  ];
}
