import { randomInt, randomUUID } from 'node:crypto';
import type { LotteryDraw, LotteryDrawResponse } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { idempotent } from '../kernel/idempotency.js';
import { type ProgramRow, shownBalance } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';
import { insufficientPoints, lockMember, postLocked } from '../ledger/ledger.js';
import type { MemberRow } from '../ledger/members.js';
import { advanceIfDue } from '../member-state/advance.js';
import { walletView } from '../rules/coupons.js';
import { drawPlan, isRunning, type LotteryRow, lotteryOf, pickPrize } from '../rules/lottery.js';
import { issueOneCoupon } from './coupons.js';

/** The prizes with a stock, locked: their stock as it stands, for this draw alone until it commits. */
async function lockStock(tx: Sql, programId: string, lottery: LotteryRow) {
  if (!lottery.prizes.some((p) => p.stock !== null)) return lottery.prizes;
  const rows = await tx.query<{ id: string; stock: number }>(
    'SELECT id, stock FROM lottery_prizes WHERE program_id = $1 AND stock IS NOT NULL ORDER BY position FOR UPDATE',
    [programId],
  );
  const stock = new Map(rows.map((r) => [r.id, r.stock]));
  return lottery.prizes.map((p) => (p.stock === null ? p : { ...p, stock: stock.get(p.id) ?? 0 }));
}

/**
 * One draw, in the caller's transaction, refusing in this order: no lottery, not running, the
 * daily limit, the balance, nothing left to give. The member is locked first (their draws run
 * one after another, so the daily limit and the balance are checked under the lock), then the
 * lottery is taken FOR SHARE (a change of the table waits) and the prizes with a stock FOR
 * UPDATE, so the odds are drawn over the stock as it is and the stock falls by one under the
 * lock (never below 0: a CHECK too). Cost debited and prize credited through the ledger.
 */
async function draw(tx: Sql, program: ProgramRow, member: MemberRow, at: Date) {
  const current = await advanceIfDue(tx, program, await lockMember(tx, member.id), at);
  const lottery = await lotteryOf(tx, program.id, true);
  if (!lottery) throw businessRule('lottery_unavailable', 'This program has no lottery.');
  if (!isRunning(lottery, at)) {
    const startsAt = new Date(lottery.starts_at).toISOString();
    const endsAt = new Date(lottery.ends_at).toISOString();
    throw businessRule(
      'lottery_not_running',
      at < new Date(startsAt) ? `The lottery starts at ${startsAt}.` : `The lottery ended at ${endsAt}.`,
      { startsAt, endsAt },
    );
  }
  const today = localDate(at, program.time_zone);
  const [{ n: drawsToday }] = (await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM lottery_draws WHERE member_id = $1 AND local_date = $2',
    [member.id, today],
  )) as [{ n: number }];
  if (lottery.daily_limit !== null && drawsToday >= lottery.daily_limit) {
    throw businessRule('limit_reached', `The lottery can be drawn ${lottery.daily_limit} times a day.`, {
      dailyLimit: lottery.daily_limit,
      drawsToday,
    });
  }
  if (current.balance < lottery.cost) throw insufficientPoints(lottery.cost, current.balance);
  const prizes = await lockStock(tx, program.id, lottery);
  const { outOf } = drawPlan(prizes);
  if (outOf === 0) throw businessRule('out_of_stock', 'Every prize of the lottery has been given.');
  const value = randomInt(outOf);
  const { landed, given } = pickPrize(prizes, value);

  const id = randomUUID();
  const label = given.label;
  await postLocked(
    tx,
    {
      programId: program.id,
      memberId: member.id,
      type: 'lottery',
      points: -lottery.cost,
      description: 'Lottery draw',
      at,
    },
    program.points_expire_months,
  );
  if (given.stock !== null) {
    const taken = await tx.query(
      'UPDATE lottery_prizes SET stock = stock - 1 WHERE program_id = $1 AND id = $2 AND stock > 0 RETURNING 1',
      [program.id, given.id],
    );
    if (taken.length !== 1)
      throw new Error(`Lottery prize ${given.id} of program ${program.id} had no stock under its lock`);
  }
  if (given.kind === 'points') {
    await postLocked(
      tx,
      {
        programId: program.id,
        memberId: member.id,
        type: 'lottery',
        points: given.points!,
        description: `Lottery prize: ${label}`,
        at,
      },
      program.points_expire_months,
    );
  }
  const coupon =
    given.kind === 'coupon'
      ? await issueOneCoupon(tx, program, given.reward_id!, member.id, `lottery:${id}`, at)
      : null;
  if (given.kind === 'coupon' && !coupon) throw new Error(`Lottery prize ${given.id}: no code issued`);
  await tx.query(
    `INSERT INTO lottery_draws (id, program_id, member_id, local_date, table_version, cost, random_value, random_range,
       landed_prize_id, prize_id, prize_kind, prize_label, prize_translations, prize_points, coupon_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16)`,
    [
      id,
      program.id,
      member.id,
      today,
      lottery.version,
      lottery.cost,
      value,
      outOf,
      landed.id,
      given.id,
      given.kind,
      label,
      JSON.stringify(given.translations),
      given.points,
      coupon?.id ?? null,
      at,
    ],
  );
  const [m] = await tx.query<{ balance: number; debt: number }>('SELECT balance, debt FROM members WHERE id = $1', [
    member.id,
  ]);
  const drawn: LotteryDraw = {
    id,
    createdAt: at.toISOString(),
    cost: lottery.cost,
    tableVersion: lottery.version,
    random: { value, outOf },
    landedPrizeId: landed.id,
    prize: { id: given.id, kind: given.kind, label, translations: given.translations, points: given.points },
    coupon: coupon && walletView(program, coupon, at),
  };
  const body: LotteryDrawResponse = {
    draw: drawn,
    points: { balance: shownBalance(program, m!.balance, m!.debt) },
    drawsLeftToday: lottery.daily_limit === null ? null : lottery.daily_limit - drawsToday - 1,
  };
  return { status: 201, body };
}

/** Draws once per idempotency key: a retried request gets the first answer (or refusal) and draws nothing. */
export const drawOnce = (db: Database, program: ProgramRow, member: MemberRow, key: string, at: Date) =>
  idempotent(db, { programId: program.id, scope: `member:${member.id}`, key, request: { lottery: 'draw' } }, (tx) =>
    draw(tx, program, member, at),
  );
