import type { Database } from '../db/sql.js';
import { type ProgramRow, programById } from '../kernel/programs.js';
import type { MemberRow } from '../ledger/members.js';
import { advanceMember } from './advance.js';

// The names the package exported before the member-state step existed; both are that step now.

/** @deprecated advanceMember(): the member brought up to `now` (points, tier, referrals, birthday). */
export const settleMember = async (db: Database, member: MemberRow, now: Date) =>
  advanceMember(db, (await programById(db, member.program_id))!, member, now);

/** @deprecated advanceMember(), which gives the birthday gift with everything else that is due. */
export const grantBirthday = (db: Database, program: ProgramRow, member: MemberRow, now: Date) =>
  advanceMember(db, program, member, now);
