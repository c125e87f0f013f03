import type { Consents, Member, ProfileResponse } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { MemberRow } from '../ledger/members.js';

/** The member's consent per channel as last recorded (the newest event of each); null: never asked. */
export async function consentsOf(db: Sql, memberId: string): Promise<Consents> {
  const rows = await db.query<{ channel: keyof Consents; granted: boolean; source: string; created_at: Date }>(
    `SELECT DISTINCT ON (channel) channel, granted, source, created_at FROM consent_events
     WHERE member_id = $1 ORDER BY channel, id DESC`,
    [memberId],
  );
  const consents: Consents = { email: null, sms: null, wechat: null };
  for (const r of rows) consents[r.channel] = { granted: r.granted, source: r.source, at: r.created_at.toISOString() };
  return consents;
}

export const memberProfile = (m: MemberRow): Member => ({
  customerId: m.customer_id,
  name: m.name,
  email: m.email,
  birthday: m.birthday,
  joinedAt: m.created_at.toISOString(),
});

/** `GET /v1/me/profile`, and the answer to a change that earned `earned` points. */
export const profileView = async (db: Sql, m: MemberRow, earned = 0): Promise<ProfileResponse> => ({
  member: memberProfile(m),
  consents: await consentsOf(db, m.id),
  birthdayEditable: m.birthday === null,
  earned,
});
