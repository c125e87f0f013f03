import type {
  CreateReferralBody,
  Referral,
  ReferralAttribution,
  ReferralOffer,
  ReferralReason,
  ReferralStatus,
  UpdateProgramBody,
} from '@member-center/contract';
import type { Database, Sql } from '../db/database.js';
import { businessRule } from '../http/errors.js';
import { Outcome } from './idempotency.js';
import { lockAndSettle, lockMember, post } from './ledger.js';
import { ensureMember, findMember, findMemberById, type MemberRow, referralUrl } from './members.js';
import { page } from './paging.js';
import { minorDigits, type ProgramRow } from './programs.js';
import { emit } from './webhooks.js';

const DAY_MS = 86_400_000;

/**
 * One person's address whatever alias they type: case ignored, `+tag` plus-addressing
 * dropped, and for Gmail (which ignores dots, and answers at googlemail.com too) no dots.
 * Other providers may treat dots as meaningful, so theirs are kept.
 */
export function canonicalEmail(email: string) {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  let local = address.slice(0, at).split('+')[0]!;
  let domain = address.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}

interface AttributionRow {
  id: string;
  seq: number;
  code: string;
  referrer_customer_id: string;
  referee_customer_id: string;
  status: ReferralStatus;
  reason: ReferralReason | null;
  order_id: string | null;
  referrer_points: number;
  referee_points: number;
  created_at: Date;
  settled_at: Date | null;
}

const SELECT_ATTRIBUTION = `SELECT r.id, r.seq, r.code, rm.customer_id AS referrer_customer_id,
    em.customer_id AS referee_customer_id, r.status, r.reason, r.order_id, r.referrer_points, r.referee_points,
    r.created_at, r.settled_at
  FROM referrals r JOIN members rm ON rm.id = r.referrer_id JOIN members em ON em.id = r.referee_id`;

const attributionView = (r: AttributionRow): ReferralAttribution => ({
  id: r.id,
  code: r.code,
  referrer: { customerId: r.referrer_customer_id },
  referee: { customerId: r.referee_customer_id },
  status: r.status,
  reason: r.reason,
  orderId: r.order_id,
  rewards: { referrerPoints: r.referrer_points, refereePoints: r.referee_points },
  createdAt: r.created_at.toISOString(),
  settledAt: r.settled_at ? r.settled_at.toISOString() : null,
});

const attributionById = async (tx: Sql, id: string) =>
  (await tx.query<AttributionRow>(`${SELECT_ATTRIBUTION} WHERE r.id = $1`, [id]))[0]!;

/**
 * The fraud rule an attribution breaks, first match wins; undefined when it breaks none.
 * Called under the program's attribution lock, so the counts cannot race.
 */
async function fraudReason(
  tx: Sql,
  program: ProgramRow,
  referrer: Pick<MemberRow, 'id' | 'email'>,
  referee: MemberRow,
  email: string | undefined,
  ip: string | undefined,
  at: Date,
): Promise<ReferralReason | undefined> {
  if (referee.id === referrer.id) return 'self_referral';
  if (referrer.email) {
    const own = canonicalEmail(referrer.email);
    if ([email, referee.email].some((e) => e && canonicalEmail(e) === own)) return 'self_referral_email';
  }
  const [referred] = await tx.query(`SELECT 1 FROM referrals WHERE referee_id = $1 AND status <> 'blocked'`, [
    referee.id,
  ]);
  if (referred) return 'referee_already_referred';
  const [ordered] = await tx.query('SELECT 1 FROM orders WHERE member_id = $1 LIMIT 1', [referee.id]);
  if (ordered) return 'referee_existing_customer';
  // Someone who has already invited friends is no new sign-up. This also keeps referrals a
  // forest (no cycles), so rewarding up the chain can never deadlock.
  const [inviter] = await tx.query(`SELECT 1 FROM referrals WHERE referrer_id = $1 AND status <> 'blocked' LIMIT 1`, [
    referee.id,
  ]);
  if (inviter) return 'referee_is_referrer';
  if (program.referral_weekly_limit !== null) {
    const [week] = await tx.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM referrals
       WHERE referrer_id = $1 AND status <> 'blocked' AND created_at > $2::timestamptz - interval '7 days'`,
      [referrer.id, at],
    );
    if (week!.n >= program.referral_weekly_limit) return 'referrer_weekly_limit';
  }
  if (ip !== undefined && program.referral_ip_limit !== null) {
    // Every attribution from the address counts, blocked ones too: a burst is volume.
    const [recent] = await tx.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM referrals
       WHERE program_id = $1 AND ip = $2::inet AND created_at > $3::timestamptz - make_interval(mins => $4)`,
      [program.id, ip, at, program.referral_ip_window_minutes],
    );
    if (recent!.n >= program.referral_ip_limit) return 'ip_burst';
  }
  return undefined;
}

/**
 * `POST /v1/referrals`: records that `body.customerId` signed up with `body.code`, enrolling
 * the referee if new. Every attribution is kept: `pending` when it breaks no fraud rule,
 * `blocked` with the rule's reason otherwise (201 either way). The same referee and code again
 * answer the first attribution with 200, whatever changed since.
 */
export function attributeReferral(db: Database, program: ProgramRow, body: CreateReferralBody, at: Date) {
  const code = body.code.toUpperCase();
  return db.transaction(async (tx) => {
    // One attribution at a time per program, so the caps count exactly what came before.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referrals:${program.id}`]);
    const [referrer] = await tx.query<Pick<MemberRow, 'id' | 'email'>>(
      'SELECT id, email FROM members WHERE program_id = $1 AND referral_code = $2',
      [program.id, code],
    );
    if (!referrer) throw businessRule('unknown_referral_code', `No member of this program has the code ${code}.`);
    const referee =
      (await findMember(tx, program.id, body.customerId)) ??
      (await ensureMember(tx, program.id, body.customerId, body.email === undefined ? {} : { email: body.email }));
    await lockMember(tx, referee.id);
    const [earlier] = await tx.query<{ id: string }>(
      'SELECT id FROM referrals WHERE program_id = $1 AND referee_id = $2 AND referrer_id = $3',
      [program.id, referee.id, referrer.id],
    );
    if (earlier) return new Outcome(200, { referral: attributionView(await attributionById(tx, earlier.id)) }, true);

    const reason = await fraudReason(tx, program, referrer, referee, body.email, body.ip, at);
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO referrals (program_id, referrer_id, referee_id, code, email, ip, status, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        program.id,
        referrer.id,
        referee.id,
        code,
        body.email ?? null,
        body.ip ?? null,
        reason ? 'blocked' : 'pending',
        reason ?? null,
        at,
      ],
    );
    return new Outcome(201, { referral: attributionView(await attributionById(tx, row!.id)) }, false);
  });
}

/** `GET /v1/referrals`: newest first, optionally only one status. */
export async function listReferrals(
  db: Sql,
  programId: string,
  limit: number,
  cursor: number | undefined,
  status: ReferralStatus | undefined,
) {
  const rows = await db.query<AttributionRow>(
    `${SELECT_ATTRIBUTION}
     WHERE r.program_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::bigint IS NULL OR r.seq < $3)
     ORDER BY r.seq DESC LIMIT $4`,
    [programId, status ?? null, cursor ?? null, limit + 1],
  );
  return page(rows, limit, (r) => r.seq, attributionView);
}

interface FirstOrder {
  order_id: string;
  amount: number;
  created_at: Date;
  available_at: Date | null;
  released_at: Date | null;
}

const disqualify = (tx: Sql, id: string, reason: ReferralReason, orderId: string, at: Date) =>
  tx.query(
    `UPDATE referrals SET status = 'disqualified', reason = $2, order_id = $3, settled_at = $4
     WHERE id = $1 AND status = 'pending'`,
    [id, reason, orderId, at],
  );

/**
 * Judges the pending attribution of a referee, from `settleLocked` (the caller holds the
 * referee's lock): once the referee's first order is past its return window — the moment its
 * pending points are released, whether a read or the sweep gets there first — both sides get
 * their points, if that order reached the minimum and nothing of it was refunded before.
 * Returns the ledger entries written.
 */
export async function settleReferral(tx: Sql, programId: string, refereeId: string, at: Date) {
  const [attribution] = await tx.query<{ id: string; status: ReferralStatus; referrer_id: string; code: string }>(
    `SELECT id, status, referrer_id, code FROM referrals WHERE referee_id = $1 AND status <> 'blocked'`,
    [refereeId],
  );
  if (attribution?.status !== 'pending') return 0;
  const [first] = await tx.query<FirstOrder>(
    `SELECT o.order_id, o.amount, o.created_at, p.available_at, p.released_at
     FROM orders o LEFT JOIN pending_points p ON p.program_id = o.program_id AND p.order_id = o.order_id
     WHERE o.member_id = $1 ORDER BY o.created_at, o.order_id LIMIT 1`,
    [refereeId],
  );
  if (!first) return 0;
  const [program] = await tx.query<ProgramRow>('SELECT * FROM programs WHERE id = $1', [programId]);
  if (first.amount < program!.referral_min_order) {
    await disqualify(tx, attribution.id, 'first_order_below_minimum', first.order_id, at);
    return 0;
  }
  if (first.available_at && !first.released_at) return 0; // still in its return window
  // Without a hold (no window, or no points to hold) the window is counted from the order.
  const due = first.available_at ?? new Date(first.created_at.getTime() + program!.return_window_days * DAY_MS);
  if (at < due) return 0;
  const [refunded] = await tx.query(
    'SELECT 1 FROM refunds WHERE program_id = $1 AND order_id = $2 AND created_at < $3 LIMIT 1',
    [programId, first.order_id, due],
  );
  if (refunded) {
    await disqualify(tx, attribution.id, 'first_order_refunded', first.order_id, at);
    return 0;
  }

  const { referrer_points: referrerPoints, referee_points: refereePoints } = program!;
  // Claimed before posting: post() settles the referee again, and must find nothing pending.
  await tx.query(
    `UPDATE referrals SET status = 'rewarded', order_id = $2, referrer_points = $3, referee_points = $4, settled_at = $5
     WHERE id = $1`,
    [attribution.id, first.order_id, referrerPoints, refereePoints, at],
  );
  let entries = 0;
  // Both rewards age from the moment they became due, like the order's released points.
  if (refereePoints > 0) {
    await post(tx, {
      programId,
      memberId: refereeId,
      type: 'referral',
      points: refereePoints,
      description: `Referral welcome reward: first order ${first.order_id} with code ${attribution.code}`,
      at,
      earnedAt: due,
    });
    entries++;
  }
  if (referrerPoints > 0) {
    // Locks the referrer after the referee: referrals form a forest, so this order never cycles.
    await post(tx, {
      programId,
      memberId: attribution.referrer_id,
      type: 'referral',
      points: referrerPoints,
      description: 'Referral reward: a friend you invited placed their first order',
      at,
      earnedAt: due,
    });
    entries++;
  }
  await emit(
    tx,
    programId,
    'referral.rewarded',
    { referral: attributionView(await attributionById(tx, attribution.id)) },
    at,
  );
  return entries;
}

/**
 * A refund of a referee's first order while its points are still pending: that order will
 * never qualify, so the attribution is disqualified now rather than at the end of the window.
 */
export async function firstOrderRefunded(tx: Sql, refereeId: string, orderId: string, at: Date) {
  await tx.query(
    `UPDATE referrals SET status = 'disqualified', reason = 'first_order_refunded', order_id = $2, settled_at = $3
     WHERE referee_id = $1 AND status = 'pending'
       AND $2 = (SELECT order_id FROM orders WHERE member_id = $1 ORDER BY created_at, order_id LIMIT 1)`,
    [refereeId, orderId, at],
  );
}

/**
 * The lazy path seen from the referrer: before their points are shown, settle the referees
 * whose first order's pending points are due, so the referrer's reward does not wait for the
 * referee to come back (or for the sweep). Returns the member row, fresh when anything moved.
 */
export async function settleReferees(db: Database, member: MemberRow, now: Date): Promise<MemberRow> {
  const due = await db.query<{ referee_id: string }>(
    `SELECT r.referee_id FROM referrals r
     WHERE r.referrer_id = $1 AND r.status = 'pending' AND EXISTS (
       SELECT 1 FROM pending_points p WHERE p.member_id = r.referee_id AND p.released_at IS NULL AND p.available_at <= $2)`,
    [member.id, now],
  );
  for (const { referee_id } of due) {
    await db.transaction((tx) => lockAndSettle(tx, member.program_id, referee_id, now));
  }
  return due.length ? (await findMemberById(db, member.id))! : member;
}

/** `GET /v1/me/referral`: the code, the link and what the member's invitations have brought. */
export async function referralSummary(db: Sql, program: ProgramRow, member: MemberRow): Promise<Referral> {
  const [stats] = await db.query<{ invited: number; rewarded: number; points: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'blocked')::integer AS invited,
       count(*) FILTER (WHERE status = 'rewarded')::integer AS rewarded,
       coalesce(sum(referrer_points) FILTER (WHERE status = 'rewarded'), 0)::bigint AS points
     FROM referrals WHERE referrer_id = $1`,
    [member.id],
  );
  return {
    code: member.referral_code,
    url: referralUrl(program, member.referral_code),
    stats: { invited: stats!.invited, rewarded: stats!.rewarded, pointsEarned: Number(stats!.points) },
  };
}

/** An amount in minor units as the program's customers read it, e.g. CN¥100.00. */
function formatMoney(amount: number, currency: string) {
  const digits = minorDigits(currency);
  const text = String(amount).padStart(digits + 1, '0');
  const decimal = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  // A decimal string keeps the amount exact (no float) on its way through Intl.
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(decimal as unknown as number);
}

/** What `GET /v1/program` shows of referrals; null when neither side gets points. */
export function referralOffer(program: ProgramRow): ReferralOffer | null {
  if (!program.referrer_points && !program.referee_points) return null;
  const min = program.referral_min_order;
  const order = min > 0 ? `first order of ${formatMoney(min, program.currency)} or more` : 'first order';
  const kept = program.return_window_days > 0 ? ` (after its ${program.return_window_days}-day return window)` : '';
  return {
    referrerPoints: program.referrer_points,
    refereePoints: program.referee_points,
    description: `Give a friend ${program.referee_points} points and get ${program.referrer_points} when their ${order} is complete${kept}`,
    minOrder: { amount: min, currency: program.currency },
  };
}

/**
 * `PATCH /v1/program {referral}`: the referral rules the merchant sent; the others stay. Runs
 * before the program's main update, which returns the row with these changes in it.
 */
export async function updateReferralRules(db: Sql, programId: string, rules: UpdateProgramBody['referral']) {
  if (!rules) return;
  await db.query(
    `UPDATE programs SET referrer_points = coalesce($2::integer, referrer_points),
       referee_points = coalesce($3::integer, referee_points),
       referral_min_order = coalesce($4::bigint, referral_min_order),
       referral_weekly_limit = CASE WHEN $5 THEN $6::integer ELSE referral_weekly_limit END,
       referral_ip_limit = CASE WHEN $7 THEN $8::integer ELSE referral_ip_limit END,
       referral_ip_window_minutes = coalesce($9::integer, referral_ip_window_minutes)
     WHERE id = $1`,
    [
      programId,
      rules.referrerPoints ?? null,
      rules.refereePoints ?? null,
      rules.minOrderAmount ?? null,
      rules.weeklyLimit !== undefined,
      rules.weeklyLimit ?? null,
      rules.ipLimit !== undefined,
      rules.ipLimit ?? null,
      rules.ipWindowMinutes ?? null,
    ],
  );
}
