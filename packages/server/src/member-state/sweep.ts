import type { Database } from '../db/sql.js';
import { pruneIdempotencyKeys } from '../kernel/idempotency.js';
import { type ProgramRow, programById } from '../kernel/programs.js';
import { localDate } from '../kernel/time.js';
import { pruneLoginThrottle } from '../operators/throttle.js';
import { drainWebhooks, pruneWebhooks, type WebhookRun } from '../webhooks/delivery.js';
import { announceExpiring } from '../webhooks/expiring.js';
import { advanceAlone } from './advance.js';

/** Programs looked up once per sweep. */
function programsOnce(db: Database) {
  const known = new Map<string, Promise<ProgramRow | undefined>>();
  return async (id: string) => {
    let program = known.get(id);
    if (!program) {
      program = programById(db, id);
      known.set(id, program);
    }
    return (await program)!;
  };
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Every member with something due by `now` (next_due_at, one index), each brought up to date
 * as a read would (advanceAlone), so both give one ledger. Keyset order by id: a member
 * lowered again while the sweep runs waits for the next sweep, so a sweep always ends.
 */
export async function sweepMembers(db: Database, now: Date) {
  const programOf = programsOnce(db);
  let members = 0;
  let entries = 0;
  for (let after = NIL_UUID; ; ) {
    const due = await db.query<{ id: string; program_id: string }>(
      'SELECT id, program_id FROM members WHERE next_due_at <= $1 AND id > $2 ORDER BY id LIMIT 500',
      [now, after],
    );
    if (due.length === 0) return { members, entries };
    for (const d of due) {
      const { advanced } = await advanceAlone(db, await programOf(d.program_id), d.id, now);
      if (advanced) {
        members++;
        entries += advanced.entries;
      }
    }
    after = due.at(-1)!.id;
  }
}

/**
 * Every member of a program with birthday points whose birthday month it is (in the
 * program's time zone) and who has not had this year's gift, brought up to date. Returns the
 * gifts given.
 */
export async function sweepBirthdays(db: Database, now: Date) {
  let members = 0;
  const programs = await db.query<ProgramRow>('SELECT * FROM programs WHERE birthday_points > 0');
  for (const program of programs) {
    const [year, month] = localDate(now, program.time_zone).split('-').map(Number);
    for (let after = NIL_UUID; ; ) {
      const due = await db.query<{ id: string }>(
        `SELECT id FROM members
         WHERE program_id = $1 AND birthday IS NOT NULL AND extract(month FROM birthday) = $2
           AND coalesce(birthday_year, 0) < $3 AND id > $4
         ORDER BY id LIMIT 500`,
        [program.id, month, year, after],
      );
      if (due.length === 0) break;
      for (const m of due) if ((await advanceAlone(db, program, m.id, now)).advanced?.birthday) members++;
      after = due.at(-1)!.id;
    }
  }
  return { members };
}

export interface Swept {
  /** Members brought up to date, and the ledger entries that wrote. */
  members: number;
  entries: number;
  birthdays: number;
  /** points.expiring events emitted. */
  expiringAnnounced: number;
  /** What was delivered, when the sweep was asked to deliver webhooks too. */
  webhooks?: WebhookRun;
}

/**
 * The one sweep, for `serve` (every --sweep-every seconds) and `member-center sweep`: what
 * reads would do for members nobody reads (the member-state step, birthday gifts), then the
 * points.expiring notices and the pruning of old deliveries, retry keys and sign-in failures; with `deliver`, the outbox is
 * sent too (a one-off command has no webhook worker).
 */
export async function sweep(db: Database, now: Date, { deliver = false } = {}): Promise<Swept> {
  const swept = await sweepMembers(db, now);
  const birthdays = (await sweepBirthdays(db, now)).members;
  const expiringAnnounced = (await announceExpiring(db, now)).events;
  const webhooks = deliver ? await drainWebhooks(db, now) : undefined;
  await pruneWebhooks(db, now);
  await pruneIdempotencyKeys(db, now);
  await pruneLoginThrottle(db, now);
  return { ...swept, birthdays, expiringAnnounced, ...(webhooks && { webhooks }) };
}
