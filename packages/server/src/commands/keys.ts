import type { KeyKind, ProgramKeys } from '@member-center/contract';
import type { Sql } from '../db/sql.js';
import type { ProgramRow } from '../kernel/programs.js';
import { newKey } from './program.js';

export const DEFAULT_OVERLAP_HOURS = 24;

const COLUMNS = {
  secret: ['secret_key', 'previous_secret_key', 'previous_secret_key_until', 'sk'],
  publishable: ['publishable_key', 'previous_publishable_key', 'previous_publishable_key_until', 'pk'],
} as const;

/**
 * Replaces the program's secret or publishable key. The replaced key keeps working for
 * `overlapHours` (the backend or the pages are redeployed meanwhile); a key replaced before
 * stops at once. Member tokens signed with the old secret key verify during the overlap too.
 */
export async function rotateKey(db: Sql, program: ProgramRow, kind: KeyKind, overlapHours: number, now: Date) {
  const [current, previous, until, prefix] = COLUMNS[kind];
  const previousUntil = new Date(now.getTime() + overlapHours * 3_600_000);
  const [row] = await db.query<ProgramRow>(
    `UPDATE programs SET ${previous} = ${current}, ${until} = $2, ${current} = $3 WHERE id = $1 RETURNING *`,
    [program.id, previousUntil, newKey(prefix)],
  );
  return { program: row!, key: row![current], previousUntil };
}

const ending = (key: string) => key.slice(-4);

export function keysView(p: ProgramRow, now: Date): ProgramKeys {
  const previous = (['secret', 'publishable'] as const).flatMap((kind) => {
    const [, key, until] = COLUMNS[kind];
    const value = p[key];
    const end = p[until];
    return value && end && new Date(end) > now
      ? [{ kind, ending: ending(value), until: new Date(end).toISOString() }]
      : [];
  });
  return { publishableKey: p.publishable_key, secretKeyEnding: ending(p.secret_key), previous };
}
