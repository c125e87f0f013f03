import { invalidRequest } from './errors.js';

/**
 * Cursor pagination: the query fetched `limit + 1` rows ordered by a unique sequence; the
 * extra row only says that another page exists, and the cursor is the last row's sequence.
 */
export function page<R, T>(rows: R[], limit: number, seq: (row: R) => number, view: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    ...(rows.length > limit && last !== undefined && { nextCursor: String(seq(last)) }),
  };
}

/** A cursor back to the sequence number it stands for. */
export function cursorSeq(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,15}$/.test(cursor)) throw invalidRequest('cursor is not one this API handed out', { cursor });
  return Number(cursor);
}

export const pageSize = (limit: string | undefined, fallback = 50) => (limit ? Number(limit) : fallback);
