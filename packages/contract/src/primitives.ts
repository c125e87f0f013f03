import * as z from 'zod/mini';

/** Any points or money amount in a request lies within ±1,000,000,000 (DESIGN.md). */
export const MAX_AMOUNT = 1_000_000_000;

/** Printable text: no control characters, no lone surrogates (Postgres would refuse them). */
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;
/** Like PRINTABLE, but line breaks and tabs are allowed (descriptions). */
const MULTILINE = /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u;

export const text = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(PRINTABLE, 'must be printable text'));

export const multilineText = (max: number) =>
  z.string().check(z.maxLength(max), z.regex(MULTILINE, 'must be printable text'));

/** The merchant's own customer id: what their backend calls the shopper. */
export const CustomerId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._:@+-]+$/, 'customer ids use letters, digits and . _ : @ + - only'),
  );

/** Order ids and idempotency keys: up to 255 visible ASCII characters. */
export const OpaqueKey = z
  .string()
  .check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/, 'must be visible ASCII'));

export const Id = z.uuid();
export const Timestamp = z.iso.datetime({ offset: true });
export const Currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'));

/** Signed points, as in an adjustment or a ledger entry. */
export const Points = z.int().check(z.minimum(-MAX_AMOUNT), z.maximum(MAX_AMOUNT));
export const PositivePoints = z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT));
/** A balance or a total: never negative; may exceed one request's bound. */
export const PointsTotal = z.int().check(z.minimum(0));

/** Money in integer minor units (fen, cents) with its ISO currency. */
export const Money = z.strictObject({
  amount: z.int().check(z.minimum(-MAX_AMOUNT), z.maximum(MAX_AMOUNT)),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/** Page size of a list, from 1 to 100 (a query string, so a string). */
export const Limit = z.optional(z.string().check(z.regex(/^(100|[1-9]\d?)$/, 'a whole number from 1 to 100')));

export const Cursor = z.optional(z.string().check(z.maxLength(200), z.regex(/^[A-Za-z0-9_-]+$/)));

/** An http(s) URL, e.g. a reward's image or the program's site. */
export const HttpUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(2048));

/** A multiplier such as 2 or 1.5: from 1 to 100, in hundredths. */
export const Multiplier = z.number().check(
  z.minimum(1),
  z.maximum(100),
  z.refine((m) => Math.abs(m * 100 - Math.round(m * 100)) < 1e-9, 'at most two decimals'),
);

/** A language tag (BCP 47) such as en, zh-CN or pt-BR. */
export const LocaleTag = z
  .string()
  .check(z.maxLength(35), z.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'a language tag such as en or zh-CN'));

/** Lists are `{items, nextCursor?}`. */
export const list = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
