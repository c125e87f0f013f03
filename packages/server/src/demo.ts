import type { CreateRewardBody } from '@member-center/contract';
import { createCampaign } from './commands/campaigns.js';
import { placeOrder } from './commands/orders.js';
import { createProgram } from './commands/program.js';
import { createReward } from './commands/rewards.js';
import type { Database } from './db/database.js';
import { type ProgramRow, tiersOf } from './kernel/programs.js';
import { ensureMember } from './ledger/members.js';
import { updateDiscountRule } from './rules/discounts.js';
import { setLottery } from './rules/lottery.js';
import { updateReferralRules } from './rules/referrals.js';
import { updateSegmentRules } from './rules/segments.js';

export const DEMO_PROGRAM = 'Demo Shop';
export const DEMO_MEMBER = 'demo-member';
/** The demo shop page (examples/script-tag) and Storybook are the browsers the demo allows. */
export const DEMO_ORIGINS = ['http://localhost:8788', 'http://127.0.0.1:8788', 'http://localhost:6006'];

/**
 * The demo program: tiers, a handful of rewards in every state a widget can show, and a demo
 * member with a first order behind them. Created once; later calls return the existing one.
 */
function nextSinglesDay(now = new Date()) {
  const day = (year: number) => new Date(`${year}-11-11T00:00:00+08:00`);
  let year = now.getUTCFullYear();
  if (day(year).getTime() + 86_400_000 <= now.getTime()) year++;
  return { startsAt: day(year).toISOString(), endsAt: new Date(day(year).getTime() + 86_400_000).toISOString() };
}

export async function seedDemo(db: Database): Promise<{ program: ProgramRow; created: boolean }> {
  const [existing] = await db.query<ProgramRow>('SELECT * FROM programs WHERE name = $1 ORDER BY created_at LIMIT 1', [
    DEMO_PROGRAM,
  ]);
  if (existing) return { program: existing, created: false };
  const program = await db.transaction(async (tx) => {
    const program = await createProgram(tx, {
      name: DEMO_PROGRAM,
      currency: 'CNY',
      locale: 'en',
      siteUrl: DEMO_ORIGINS[0],
      allowedOrigins: DEMO_ORIGINS,
      pointsPerUnit: 1,
      cashPoints: 100,
      cashMinor: 100,
      referrerPoints: 500,
      refereePoints: 300,
      pointsExpiryMonths: 12,
      // Points are spendable at once so the demo shows the whole loop (earn → tier up → redeem);
      // a real shop sets its return window with PATCH /v1/program.
      returnWindowDays: 0,
      // A refund the balance cannot cover leaves the balance at 0 and shows the rest as debt.
      allowNegativeBalance: false,
      timeZone: 'Asia/Shanghai',
      // The Bronze tier promises a birthday gift: 200 points once a year in the birthday month.
      birthdayPoints: 200,
      // 5 points a day, 50 more on every 7th day of a streak.
      checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 },
      // The points.expiring webhook goes out a week before points expire (a reminder email's lead time).
      expiryNoticeDays: 7,
      // Ways to earn by actions the shop's backend reports: a review (twice a day, 20 in all), a
      // follow of the official account (once), a survey (once a day), a complete profile (once).
      actions: [
        {
          type: 'review_written',
          points: 50,
          perDay: 2,
          lifetime: 20,
          label: 'Write a product review',
          translations: { 'zh-CN': '写商品评价' },
        },
        {
          type: 'account_followed',
          points: 30,
          lifetime: 1,
          label: 'Follow our official account',
          translations: { 'zh-CN': '关注公众号' },
        },
        {
          type: 'survey_answered',
          points: 20,
          perDay: 1,
          label: 'Answer a short survey',
          translations: { 'zh-CN': '填写问卷' },
        },
        {
          type: 'profile_completed',
          points: 100,
          lifetime: 1,
          label: 'Complete your profile',
          translations: { 'zh-CN': '完善个人资料' },
        },
      ],
      // Tiers on purchase points over a rolling 12 months: reached at once, held 12 months, then
      // kept only if the points earned since reach the threshold again.
      tierWindow: { kind: 'rolling_months', months: 12, basis: 'points' },
      tiers: [
        {
          name: 'Bronze',
          threshold: 0,
          benefits: ['1 point per ¥1', 'Birthday gift'],
          translations: { 'zh-CN': { name: '铜卡会员', benefits: ['每消费1元得1积分', '生日礼'] } },
        },
        {
          name: 'Silver',
          threshold: 1000,
          multiplierPercent: 125,
          benefits: ['1.25× points', 'Free shipping over ¥99'],
          translations: { 'zh-CN': { name: '银卡会员', benefits: ['1.25倍积分', '满99元包邮'] } },
        },
        {
          name: 'Gold',
          threshold: 2000,
          multiplierPercent: 150,
          benefits: ['1.5× points', 'Free shipping', 'Gold-only rewards'],
          translations: { 'zh-CN': { name: '金卡会员', benefits: ['1.5倍积分', '全场包邮', '金卡专享礼品'] } },
        },
      ],
    });
    // Referrals (500 / 300 points above): a first order of ¥50 or more, at most 10 invitations per
    // referrer a week, at most 5 sign-ups from one IP an hour.
    await updateReferralRules(tx, program.id, {
      minOrderAmount: 5_000,
      weeklyLimit: 10,
      ipLimit: 5,
      ipWindowMinutes: 60,
    });
    // Lifecycle stages: new for 30 days after the first order, loyal at 3+ orders with one in
    // the last 60 days, at risk after 90 days without an order, churned after 180.
    await updateSegmentRules(tx, program.id, {
      newDays: 30,
      loyalMinOrders: 3,
      loyalWithinDays: 60,
      atRiskDays: 90,
      churnedDays: 180,
    });
    const gold = (await tiersOf(tx, program.id)).find((t) => t.name === 'Gold')!;
    const zh = (name: string, description: string) => ({ 'zh-CN': { name, description } });
    const rewards: CreateRewardBody[] = [
      {
        name: '¥10 coupon',
        description: '¥10 off your next order over ¥50.',
        cost: 1000,
        kind: 'coupon',
        value: { amount: 1000, currency: 'CNY' },
        validDays: 30,
        translations: zh('10元优惠券', '下单满50元立减10元。'),
      },
      {
        name: 'Free shipping',
        description: 'Free standard shipping on one order.',
        cost: 300,
        kind: 'free_shipping',
        translations: zh('免运费券', '一笔订单免标准运费。'),
      },
      {
        name: 'Canvas tote bag',
        description: 'Our organic cotton tote. One per member.',
        cost: 2500,
        stock: 20,
        perMemberLimit: 1,
        kind: 'product',
        translations: zh('帆布托特包', '有机棉托特包，每位会员限兑一个。'),
      },
      {
        name: 'Gold lounge mug',
        description: 'A stoneware mug for Gold members.',
        cost: 1500,
        tierId: gold.id,
        kind: 'product',
        translations: zh('金卡会员马克杯', '金卡会员专享的陶瓷马克杯。'),
      },
      {
        name: 'Limited sticker pack',
        description: 'Gone for now; back next season.',
        cost: 200,
        stock: 0,
        kind: 'product',
        translations: zh('限量贴纸包', '暂时兑完，下季再来。'),
      },
    ];
    const created = [];
    for (const reward of rewards) created.push(await createReward(tx, program, reward));
    // Points as cash at checkout: from 100 points (¥1) in steps of 100, at most 5,000 and half an
    // order, codes valid 30 minutes.
    await updateDiscountRule(tx, program.id, {
      minPoints: 100,
      step: 100,
      maxPoints: 5000,
      validMinutes: 30,
      maxSharePercent: 50,
    });
    // The points lottery (积分抽奖): 50 points a draw, 3 a day, for a year from today; eight cells
    // of the 九宫格: 20 ¥10 coupons and 50 free-shipping codes in stock, points prizes and "try again".
    const now = new Date();
    const lotteryVersion = await setLottery(
      tx,
      program.id,
      {
        cost: 50,
        startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
        endsAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
        dailyLimit: 3,
        prizes: [
          {
            id: 'coupon-10',
            kind: 'coupon',
            rewardId: created[0]!.id,
            weight: 2,
            stock: 20,
            label: '¥10 coupon',
            translations: { 'zh-CN': { label: '10元优惠券' } },
          },
          {
            id: 'points-10',
            kind: 'points',
            points: 10,
            weight: 20,
            label: '10 points',
            translations: { 'zh-CN': { label: '10积分' } },
          },
          {
            id: 'none-1',
            kind: 'nothing',
            weight: 25,
            label: 'Try again',
            translations: { 'zh-CN': { label: '谢谢参与' } },
          },
          {
            id: 'points-100',
            kind: 'points',
            points: 100,
            weight: 5,
            label: '100 points',
            translations: { 'zh-CN': { label: '100积分' } },
          },
          {
            id: 'shipping',
            kind: 'coupon',
            rewardId: created[1]!.id,
            weight: 8,
            stock: 50,
            label: 'Free shipping',
            translations: { 'zh-CN': { label: '免运费券' } },
          },
          {
            id: 'points-50',
            kind: 'points',
            points: 50,
            weight: 12,
            label: '50 points',
            translations: { 'zh-CN': { label: '50积分' } },
          },
          {
            id: 'none-2',
            kind: 'nothing',
            weight: 25,
            label: 'So close!',
            translations: { 'zh-CN': { label: '差一点' } },
          },
          {
            id: 'points-500',
            kind: 'points',
            points: 500,
            weight: 1,
            label: '500 points',
            translations: { 'zh-CN': { label: '500积分' } },
          },
        ],
      },
      now,
    );
    await ensureMember(tx, program.id, DEMO_MEMBER, { name: 'Ada Demo', email: 'ada@example.com' });
    return { ...program, lottery_version: lotteryVersion };
  });
  const order = { orderId: 'demo-order-1', label: '#1000', total: { amount: 124_000, currency: 'CNY' } };
  await placeOrder(db, program, DEMO_MEMBER, order, new Date());
  // Double points on the next Singles' Day (双11), midnight to midnight in China: scheduled,
  // so it shows in GET /v1/campaigns and, on the day, in GET /v1/program. Made after the demo
  // order, which earns the same whatever the day.
  // One member in ten is held out, so its results can show what the campaign added.
  await createCampaign(db, program.id, {
    name: "Singles' Day double points",
    multiplier: 2,
    holdoutShare: 0.1,
    ...nextSinglesDay(),
  });
  return { program, created: true };
}

/** The demo's console owner; `pnpm start` and `serve --demo` print a fresh password at every start. */
export const DEMO_OPERATOR = 'demo@example.com';

/** Creates the demo owner or gives them a new random password: printed once, never stored in clear. */
export async function demoOperator(db: Database, program: ProgramRow) {
  const [{ randomBytes }, { hashPassword }] = await Promise.all([
    import('node:crypto'),
    import('./operators/passwords.js'),
  ]);
  const password = randomBytes(12).toString('base64url');
  await db.query(
    `INSERT INTO operators (program_id, email, role, password_hash) VALUES ($1, $2, 'owner', $3)
     ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [program.id, DEMO_OPERATOR, await hashPassword(password)],
  );
  return { email: DEMO_OPERATOR, password };
}
