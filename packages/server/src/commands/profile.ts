import type { ConsentChannel, ProfileBody } from '@member-center/contract';
import type { Database } from '../db/sql.js';
import { conflict } from '../kernel/errors.js';
import type { ProgramRow } from '../kernel/programs.js';
import { lockMember } from '../ledger/ledger.js';
import { findMemberById, type MemberRow } from '../ledger/members.js';
import { consentsOf, profileView } from '../queries/profile.js';
import { emit } from '../webhooks/outbox.js';
import { recordAction } from './actions.js';

/**
 * `PATCH /v1/me/profile`: the name changes freely; the birthday can be set once (a different
 * one later is 409 birthday_locked, decided in the UPDATE itself so racing changes cannot both
 * pass), so a member cannot move it to collect the birthday gift again. Once name and birthday
 * are both there, the program's profile_completed action (if any) counts, once per member.
 */
export function updateProfile(db: Database, program: ProgramRow, member: MemberRow, body: ProfileBody, at: Date) {
  return db.transaction(async (tx) => {
    if (body.birthday !== undefined) {
      const set = await tx.query(
        `UPDATE members SET birthday = $2::date, birthday_set_at = coalesce(birthday_set_at, $3)
         WHERE id = $1 AND (birthday IS NULL OR birthday = $2::date) RETURNING 1`,
        [member.id, body.birthday, at],
      );
      if (set.length === 0) {
        throw conflict(
          'birthday_locked',
          'The birthday is already set and can be set only once; the shop can correct it if it is wrong.',
        );
      }
    }
    if (body.name !== undefined) await tx.query('UPDATE members SET name = $2 WHERE id = $1', [member.id, body.name]);
    const now = (await findMemberById(tx, member.id))!;
    const rule = program.action_rules.find((r) => r.type === 'profile_completed');
    let earned = 0;
    if (rule && now.name && now.birthday) {
      const outcome = await recordAction(tx, program, now.id, rule, `member:${now.id}`, at);
      if (outcome.status === 201) earned = rule.points;
    }
    return profileView(tx, now, earned);
  });
}

export type ConsentSource = 'widget' | 'merchant_api';

/**
 * Records the member's marketing consent for `channel`, with when and how (`source`), in the
 * append-only history, only when it changes; the `consent.changed` webhook tells the merchant.
 * The member row lock orders racing changes, so the history never repeats a state.
 */
export function setConsent(
  db: Database,
  program: ProgramRow,
  member: MemberRow,
  channel: ConsentChannel,
  granted: boolean,
  source: ConsentSource,
  at: Date,
) {
  return db.transaction(async (tx) => {
    await lockMember(tx, member.id);
    const changed = await tx.query(
      `INSERT INTO consent_events (program_id, member_id, channel, granted, source, created_at)
       SELECT $1, $2, $3, $4, $5, $6
       WHERE (SELECT granted FROM consent_events WHERE member_id = $2 AND channel = $3 ORDER BY id DESC LIMIT 1)
         IS DISTINCT FROM $4
       RETURNING 1`,
      [program.id, member.id, channel, granted, source, at],
    );
    if (changed.length > 0) {
      const data = { customerId: member.customer_id, channel, granted, source, at: at.toISOString() };
      await emit(tx, program.id, 'consent.changed', data, at);
    }
    return { consents: await consentsOf(tx, member.id) };
  });
}
