import type { CreateReferralBody, ReferralReason } from '@member-center/contract';
import type { Database, Sql } from '../db/sql.js';
import { businessRule } from '../kernel/errors.js';
import { Outcome } from '../kernel/idempotency.js';
import type { ProgramRow } from '../kernel/programs.js';
import { lockMember } from '../ledger/ledger.js';
import { ensureMember, findMember, type MemberRow } from '../ledger/members.js';
import { attributionById, attributionView } from '../rules/referrals.js';

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
