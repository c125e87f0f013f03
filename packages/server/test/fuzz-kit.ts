/**
 * Property-based fuzzing of every route in the OpenAPI document the server serves
 * (`GET /v1/openapi.json`), so routes added to the contract are fuzzed without a change here.
 * Used by test/fuzz.test.ts (a few hundred cases) and bench/fuzz.ts (thousands, with figures).
 *
 * A case is one HTTP request: an operation, path parameters, a query, auth headers (none,
 * publishable key, member token, secret key or one of several forgeries) and a body, each
 * valid (from the JSON Schema, with ids that exist) or not (mutated, arbitrary JSON, garbage).
 * Every answer is judged against the contract: no 5xx, JSON, a documented status, the error
 * envelope on errors, and the route's response schema (the contract's zod schema) on success.
 */
import { ErrorEnvelope, type RouteDef, routes } from '@member-center/contract';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { signMemberToken } from '../src/tokens.js';
import { createReward, DEFAULT_PROGRAM, earn, redeem, startTestApi, type TestApi } from './harness.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  auth: 'guest' | 'member' | 'merchant';
  parameters: Parameter[];
  body?: JsonSchema;
  statuses: Set<number>;
  /** The contract's definition, when the route table has this operation. */
  def?: RouteDef;
}

interface OpenApiOperation {
  operationId: string;
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
}

/** The operations of the served document, with the auth each needs (from its security). */
export function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const security = JSON.stringify(op.security ?? []);
      return {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        // A guest route may take the secret key too (secretKeyToo): guest first.
        auth: security.includes('{}') ? 'guest' : security.includes('secretKey') ? 'merchant' : 'member',
        parameters: op.parameters ?? [],
        ...(op.requestBody && { body: op.requestBody.content['application/json'].schema }),
        statuses: new Set(Object.keys(op.responses).map(Number)),
        def: (routes as Record<string, RouteDef>)[op.operationId],
      } satisfies Operation;
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Values that exist in the fixture (so valid requests reach the business rules), grown as
// the run creates rewards, campaigns and orders.

export interface Known {
  customerIds: string[];
  rewardIds: string[];
  /** Ids of anything created (rewards, campaigns, webhooks…), for `{id}` path parameters. */
  ids: string[];
  orderIds: string[];
  referralCodes: string[];
  /** Coupon codes issued so far (redemptions, points discounts, merchant batches). */
  couponCodes: string[];
  idempotencyKeys: string[];
}

const pick = (pool: string[]) => fc.nat().map((i) => pool[i % pool.length]!);

/** Strings a parser might choke on: encodings, control characters, very long, numbers, SQL. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '%zz',
    '%00',
    '..',
    '%2F',
    'null',
    'undefined',
    'NaN',
    '-1',
    '0',
    '1e309',
    "' OR 1=1 --",
    '\u0000',
    '😀',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);

/** Header values must be ByteStrings without line breaks, or fetch refuses to send them. */
const headerNasty = fc.oneof(
  fc.constantFrom('', ' ', 'x'.repeat(300), 'Bearer', 'Bearer ', 'Bearer  x', 'null', 'ÿþ'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
);

// ---------------------------------------------------------------------------------------
// JSON Schema (the subset zod emits) → arbitraries, with hints from `Known` by field name.

function hinted(name: string | undefined, known: Known): fc.Arbitrary<string> | undefined {
  switch (name) {
    case 'rewardId':
      return pick(known.rewardIds);
    case 'customerId':
      return pick(known.customerIds);
    case 'orderId':
      return pick(known.orderIds);
    case 'code':
      return pick(known.referralCodes);
    case 'currency':
      return fc.constantFrom('CNY', 'USD');
    case 'type':
      // Action types the fixture program earns on (and one it does not).
      return fc.constantFrom(...FUZZ_ACTIONS.map((a) => a.type), 'photo_posted');
    case 'timeZone':
      return fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York');
    case 'url':
      // The API refuses webhook URLs that are not https (http only to localhost).
      return fc.constantFrom('https://hooks.example.com/loyalty', 'http://localhost:9/hook');
    default:
      return undefined;
  }
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, Math.max(minLength, 40));
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'uri':
      return fc.webUrl();
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
  }
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .map((v) => (v.length > (s.maxLength ?? Number.POSITIVE_INFINITY) ? v.slice(0, s.maxLength) : v));
  }
  return fc.string({ minLength, maxLength });
}

function numberFor(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = Math.max(s.minimum ?? -1e12, Number.MIN_SAFE_INTEGER);
  const max = Math.min(s.maximum ?? 1e12, Number.MAX_SAFE_INTEGER);
  const inRange = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  // Small values hit the business rules; the edges hit the limits.
  const small = integer
    ? fc.integer({ min: Math.max(min, -100), max: Math.min(max, 5000) })
    : fc.double({ min: Math.max(min, -100), max: Math.min(max, 100), noNaN: true });
  return fc.oneof({ arbitrary: small, weight: 4 }, inRange, fc.constantFrom(min, max));
}

export function fromSchema(s: JsonSchema, known: Known, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, known, name, depth + 1)));
  if (s.enum) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => fromSchema({ ...s, type: t }, known, name, depth + 1)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'string': {
      const hint = hinted(name, known);
      return hint ? fc.oneof({ arbitrary: hint, weight: 3 }, stringFor(s)) : stringFor(s);
    }
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.min(s.maxItems ?? 4, Math.max(minLength, 4));
      // A list of choices (e.g. webhook events) usually wants each choice once.
      if (s.items?.enum) {
        return fc.uniqueArray(fc.constantFrom(...s.items.enum), {
          minLength,
          maxLength: Math.min(maxLength, s.items.enum.length),
        });
      }
      return fc.array(s.items ? fromSchema(s.items, known, undefined, depth + 1) : fc.jsonValue(), {
        minLength,
        maxLength,
      });
    }
    case 'object': {
      const properties = s.properties ?? {};
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [key, fromSchema(value, known, key, depth + 1)]),
        ),
        { requiredKeys: (s.required ?? []).filter((k) => k in properties) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A valid body with one field broken: dropped, or replaced by any JSON value. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
    .map(([body, index, drop, replacement]) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return replacement;
      const keys = Object.keys(body);
      if (keys.length === 0) return { [`extra${index % 3}`]: replacement };
      const key = keys[index % keys.length]!;
      const copy: Record<string, unknown> = { ...body };
      if (drop) delete copy[key];
      else copy[key] = replacement;
      return copy;
    });
}

// ---------------------------------------------------------------------------------------
// Cases

export interface FuzzCase {
  operationId: string;
  method: string;
  /** The path with its parameters filled in and the query string. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** How the case was made, for the figures: auth kind, body kind. */
  auth: string;
  bodyKind: string;
}

export interface Credentials {
  publishableKey: string;
  secretKey: string;
  /** Valid member tokens by customer id. */
  memberTokens: Record<string, string>;
  /** Tokens that must be refused: wrong key, expired, too long-lived, bad claims. */
  forgedTokens: string[];
  allowedOrigin: string;
}

const ONE_MB_AND_A_BIT = `{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}`;

function authArbitrary(op: Operation, credentials: Credentials, known: Known) {
  const pk = { 'X-Publishable-Key': credentials.publishableKey };
  const sk = { Authorization: `Bearer ${credentials.secretKey}` };
  const member = pick(known.customerIds).map((id) => ({
    ...pk,
    Authorization: `Bearer ${credentials.memberTokens[id] ?? Object.values(credentials.memberTokens)[0]}`,
  }));
  const forged = fc.oneof(
    pick(credentials.forgedTokens).map((t) => ({ ...pk, Authorization: `Bearer ${t}` })),
    headerNasty.map((v) => ({ ...pk, Authorization: v })),
    headerNasty.map((v) => ({ 'X-Publishable-Key': v })),
    headerNasty.map((v) => ({ Authorization: `Bearer sk_${v.replace(/\s/g, '')}` })),
    fc.constant({ ...sk, Origin: credentials.allowedOrigin }), // a secret key from a browser
    fc.constant({ ...pk, Origin: 'https://evil.example' }),
    fc.constant({ ...pk, ...sk }),
    fc.constant({ 'X-Publishable-Key': credentials.secretKey }),
    fc.constant({ 'X-Publishable-Key': 'pk_unknown', Authorization: `Bearer ${credentials.secretKey}` }),
  );
  const guest = op.def?.secretKeyToo
    ? fc.oneof(fc.constant(pk), member, fc.constant(sk))
    : fc.oneof(fc.constant(pk), member);
  const own = op.auth === 'merchant' ? fc.constant(sk) : op.auth === 'member' ? member : guest;
  return fc
    .oneof(
      { arbitrary: own.map((h) => ({ kind: 'right', headers: h as Record<string, string> })), weight: 12 },
      { arbitrary: fc.constant({ kind: 'none', headers: {} }), weight: 1 },
      { arbitrary: fc.constant({ kind: 'pk', headers: pk }), weight: 1 },
      { arbitrary: member.map((h) => ({ kind: 'member', headers: h })), weight: 1 },
      { arbitrary: fc.constant({ kind: 'sk', headers: sk }), weight: 1 },
      { arbitrary: forged.map((h) => ({ kind: 'forged', headers: h as Record<string, string> })), weight: 3 },
    )
    .chain(({ kind, headers }) =>
      // Browsers send Origin; a real request from the shop's origin must work like one without.
      op.auth !== 'merchant' && kind === 'right'
        ? fc.boolean().map((withOrigin) => ({
            kind,
            headers: withOrigin ? { ...headers, Origin: credentials.allowedOrigin } : headers,
          }))
        : fc.constant({ kind, headers }),
    );
}

/**
 * A path segment as a browser sends it. A segment `.` or `..` (even escaped) is resolved by
 * the URL parser before it is sent, which would fuzz another route: those get a prefix.
 */
const segment = (value: string) => (/^(\.|\.\.)$/.test(value) ? `_${value}` : encodeURIComponent(value));

function pathParamArbitrary(p: Parameter, known: Known): fc.Arbitrary<string> {
  const pool =
    p.name === 'customerId'
      ? known.customerIds
      : p.name === 'orderId'
        ? known.orderIds
        : p.name === 'id'
          ? known.ids
          : p.name === 'code'
            ? p.in === 'path' && known.couponCodes.length > 0
              ? known.couponCodes
              : known.referralCodes
            : undefined;
  const valid = fromSchema(p.schema, known).map(String);
  return fc.oneof(
    ...(pool ? [{ arbitrary: pick(pool).map(segment), weight: 6 }] : []),
    { arbitrary: valid.map(segment), weight: 3 },
    { arbitrary: nasty.map(segment), weight: 1 },
    // Raw, not encoded: malformed escapes.
    { arbitrary: fc.constantFrom('%zz', '%E0%A4%A', 'a%2Fb', '%252F'), weight: 1 },
  );
}

function queryArbitrary(op: Operation, known: Known): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const each = params.map((p) =>
    fc.oneof(
      { arbitrary: fc.constant<string[]>([]), weight: 3 },
      { arbitrary: fromSchema(p.schema, known).map((v) => [`${p.name}=${encodeURIComponent(String(v))}`]), weight: 3 },
      { arbitrary: nasty.map((v) => [`${p.name}=${encodeURIComponent(v)}`]), weight: 2 },
      { arbitrary: fc.constant([`${p.name}=1`, `${p.name}=2`]), weight: 1 }, // repeated
      { arbitrary: fc.constant([`${p.name}`]), weight: 1 }, // no value
    ),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant<string[]>([]), weight: 4 },
    { arbitrary: fc.constant(['_=123']), weight: 1 },
    { arbitrary: fc.constant(['%zz=%zz']), weight: 1 },
  );
  return fc.tuple(fc.tuple(...each), extra).map(([parts, more]) => {
    const all = [...parts.flat(), ...more];
    return all.length ? `?${all.join('&')}` : '';
  });
}

function bodyArbitrary(op: Operation, known: Known): fc.Arbitrary<{ kind: string; text?: string }> {
  const json = (kind: string) => (v: unknown) => ({ kind, text: JSON.stringify(v) });
  const junk = [
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json('any-json')), weight: 10 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }).map((text) => ({ kind: 'garbage', text })), weight: 10 },
    { arbitrary: fc.constant({ kind: 'empty', text: '' }), weight: 10 },
    { arbitrary: fc.constant({ kind: 'too-large', text: ONE_MB_AND_A_BIT }), weight: 1 },
  ];
  // fetch sends no body with a GET.
  if (op.method === 'GET') return fc.constant({ kind: 'none' });
  if (!op.body) return fc.oneof({ arbitrary: fc.constant({ kind: 'none' }), weight: 120 }, ...junk);
  const valid = fromSchema(op.body, known);
  return fc.oneof(
    { arbitrary: valid.map(json('valid')), weight: 80 },
    { arbitrary: mutated(valid).map(json('mutated')), weight: 30 },
    { arbitrary: fc.constant({ kind: 'none' }), weight: 5 },
    ...junk,
  );
}

function idempotencyArbitrary(op: Operation, known: Known): fc.Arbitrary<Record<string, string>> {
  if (!op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
    return fc.oneof(
      { arbitrary: fc.constant({}), weight: 10 },
      { arbitrary: fc.constant({ 'Idempotency-Key': 'k' }), weight: 1 },
    );
  }
  return fc.oneof(
    // A small pool, so that replays and conflicts (same key, other body) happen.
    { arbitrary: pick(known.idempotencyKeys).map((k) => ({ 'Idempotency-Key': k })), weight: 5 },
    { arbitrary: fc.uuid().map((k) => ({ 'Idempotency-Key': k })), weight: 5 },
    { arbitrary: fc.constant({}), weight: 1 },
    { arbitrary: headerNasty.map((k) => ({ 'Idempotency-Key': k })), weight: 1 },
  );
}

/** One request to one of `operations`. */
export function caseArbitrary(operations: Operation[], credentials: Credentials, known: Known): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...operations).chain((op) => {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    return fc
      .record({
        params: fc.tuple(...pathParams.map((p) => pathParamArbitrary(p, known))),
        query: queryArbitrary(op, known),
        auth: authArbitrary(op, credentials, known),
        idempotency: idempotencyArbitrary(op, known),
        body: bodyArbitrary(op, known),
        contentType: fc.oneof(
          { arbitrary: fc.constant('application/json'), weight: 8 },
          { arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/json; charset=utf-8'), weight: 1 },
        ),
      })
      .map(({ params, query, auth, idempotency, body, contentType }) => {
        let path = op.path;
        pathParams.forEach((p, i) => {
          path = path.replace(`{${p.name}}`, params[i]!);
        });
        const headers: Record<string, string> = { ...auth.headers, ...idempotency };
        if (body.text !== undefined && contentType) headers['Content-Type'] = contentType;
        return {
          operationId: op.operationId,
          method: op.method,
          url: path + query,
          headers,
          ...(body.text !== undefined && { body: body.text }),
          auth: auth.kind,
          bodyKind: body.kind,
        };
      });
  });
}

// ---------------------------------------------------------------------------------------
// Judging an answer

const STATUS_CODES: Record<number, string[] | undefined> = {
  400: ['invalid_request'],
  401: ['unauthenticated', 'token_expired'],
  403: ['forbidden'],
  404: ['not_found'],
  413: ['payload_too_large'],
  429: ['rate_limited'],
};

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** What is wrong with an answer to `op`; empty when it keeps the contract. */
export function violations(op: Operation, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`5xx: ${answer.status} ${answer.text.slice(0, 300)}`);
  if (!answer.contentType.includes('application/json')) problems.push(`not JSON: content-type ${answer.contentType}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    problems.push(`body is not JSON: ${answer.text.slice(0, 120)}`);
    return problems;
  }
  // A path that no route matches (e.g. an empty segment) is the router's 404, on any path.
  const noRoute = answer.status === 404 && /^\{"error":\{"code":"not_found","message":"No route /.test(answer.text);
  if (!op.statuses.has(answer.status) && !noRoute)
    problems.push(`undocumented status ${answer.status}: ${answer.text.slice(0, 200)}`);
  if (answer.status >= 400) {
    const envelope = ErrorEnvelope.safeParse(body);
    if (!envelope.success) problems.push(`error body is not the envelope: ${answer.text.slice(0, 200)}`);
    else {
      const expected = STATUS_CODES[answer.status];
      if (expected && !expected.includes(envelope.data.error.code)) {
        problems.push(`${answer.status} with code ${envelope.data.error.code}`);
      }
    }
  } else if (op.def) {
    const parsed = op.def.response.safeParse(body);
    if (!parsed.success)
      problems.push(`${answer.status} body breaks ${op.operationId}'s schema: ${parsed.error.message.slice(0, 300)}`);
  } else {
    problems.push(`${op.operationId} is in the document but not in the contract's route table`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// The fixture and the run

export interface FuzzTarget {
  api: TestApi;
  operations: Operation[];
  credentials: Credentials;
  known: Known;
}

/** Ways to earn by actions of the fuzz's program, with caps, so reports reach credit, cap and replay. */
const FUZZ_ACTIONS = [
  { type: 'review_written', points: 50, perDay: 2, lifetime: 5, label: 'Write a review' },
  { type: 'wechat_shared', points: 10, perDay: 1, label: 'Share' },
  { type: 'profile_completed', points: 100, lifetime: 1, label: 'Complete your profile' },
];

/**
 * A real API (rate limits off: the fuzz hammers on purpose) with members, rewards, orders, a
 * campaign and action rules. Erasure is fuzzed too: an erased fixture member's token gets 401
 * from then on, and merchant calls naming its customer id enrol a new member.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const api = await startTestApi({
    ...DEFAULT_PROGRAM,
    checkIn: { points: 5, bonusDay: 7, bonusPoints: 50 },
    actions: FUZZ_ACTIONS,
  });
  const customerIds = ['alice', 'bob', 'carol', 'dave', 'erin'];
  for (const [i, id] of customerIds.slice(0, 3).entries()) await earn(api, id, 500 * (i + 1));
  const rewardIds = [
    (await createReward(api, { name: 'Cheap', cost: 10 })).id,
    (await createReward(api, { name: 'Scarce', cost: 50, stock: 3 })).id,
    (await createReward(api, { name: 'Once', cost: 20, perMemberLimit: 1 })).id,
    (await createReward(api, { name: 'Dear', cost: 100_000 })).id,
  ];
  // A running campaign holding members out, so its results have both arms to compare.
  const campaign = await api.merchant('/v1/campaigns', {
    method: 'POST',
    json: {
      name: 'Fuzz 2×',
      multiplier: 2,
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      holdoutShare: 0.3,
    },
  });
  const campaignId = ((await campaign.json()) as { campaign: { id: string } }).campaign.id;
  // Points as cash, so POST /v1/me/discounts reaches its rules; a coupon of each kind to look up.
  await api.merchant('/v1/program', { method: 'PATCH', json: { pointsDiscount: { minPoints: 100, step: 10 } } });
  await redeem(api, 'alice', rewardIds[0]!);
  // A lottery running now, so POST /v1/me/lottery/draws reaches its rules (a stocked prize, a daily limit).
  await api.merchant('/v1/program', {
    method: 'PATCH',
    json: {
      lottery: {
        cost: 10,
        startsAt: new Date(Date.now() - 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        dailyLimit: 20,
        prizes: [
          { id: 'coupon', kind: 'coupon', rewardId: rewardIds[0], weight: 1, stock: 3, label: 'Coupon' },
          { id: 'points', kind: 'points', points: 5, weight: 2, label: '5 points' },
          { id: 'none', kind: 'nothing', weight: 3, label: 'Try again' },
        ],
      },
    },
  });
  await api.merchant('/v1/coupons', {
    method: 'POST',
    json: { batchKey: 'fuzz-batch', rewardId: rewardIds[0], segment: { stage: 'new' }, validDays: 1 },
  });
  const couponCodes = (await api.db.query<{ code: string }>('SELECT code FROM redemptions')).map((r) => r.code);
  const orders = await api.db.query<{ order_id: string }>('SELECT order_id FROM orders');
  const members = await api.db.query<{ referral_code: string }>('SELECT referral_code FROM members');
  const secretKey = api.program.secret_key;
  const memberTokens: Record<string, string> = {};
  // 'fz-*' members are enrolled by the fuzz itself, through their first token or merchant call.
  for (const id of [...customerIds, 'fz-1', 'fz-2', 'fz-3']) memberTokens[id] = await api.token(id);
  const now = Math.floor(Date.now() / 1000);
  const key = new TextEncoder().encode(secretKey);
  const forgedTokens = [
    await signMemberToken('sk_wrong_program_key', 'alice'),
    await signMemberToken(secretKey, 'alice', { ttl: 2 * 86_400 }), // lives too long
    await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(key),
    await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').sign(key), // no iat/exp
    await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no spaces allowed')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key),
    await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now + 3600)
      .setSubject('alice')
      .setExpirationTime(now + 4000)
      .sign(key),
    // Odd profile claims are dropped, not fatal: these two must be accepted.
    await new SignJWT({ name: 42, email: 'not-an-email', birthday: '2020-13-45' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fz-odd')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key),
    await new SignJWT({ name: 'x'.repeat(10_000) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fz-long')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key),
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.', // alg: none
    'not.a.jwt',
  ];
  return {
    api,
    operations: operationsOf(await (await fetch(`${api.url}/v1/openapi.json`)).json()),
    credentials: {
      publishableKey: api.program.publishable_key,
      secretKey,
      memberTokens,
      forgedTokens,
      allowedOrigin: DEFAULT_PROGRAM.allowedOrigins![0]!,
    },
    known: {
      customerIds: [...customerIds, 'fz-1', 'fz-2', 'fz-3'],
      rewardIds,
      ids: [...rewardIds, campaignId],
      orderIds: orders.map((o) => o.order_id),
      referralCodes: members.map((m) => m.referral_code),
      couponCodes,
      idempotencyKeys: ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'],
    },
  };
}

/** Remembers ids the API just created, so later cases can refer to them (bounded pools). */
function harvest(known: Known, c: FuzzCase, status: number, text: string) {
  if (status >= 300) return;
  const add = (pool: string[], value: unknown) => {
    if (typeof value === 'string' && !pool.includes(value) && pool.length < 50) pool.push(value);
  };
  try {
    const body = JSON.parse(text) as Record<string, { id?: unknown } | undefined>;
    if (c.method !== 'POST') return;
    // A create answers `{thing: {id, …}}`: remember the id, whatever the thing.
    for (const value of Object.values(body)) if (value && typeof value === 'object') add(known.ids, value.id);
    if (c.operationId === 'createReward') add(known.rewardIds, body.reward?.id);
    const issued = (body.redemption ?? body.coupon) as { code?: unknown } | undefined;
    if (issued) add(known.couponCodes, issued.code);
    if (c.operationId === 'recordOrder' && c.body)
      add(known.orderIds, (JSON.parse(c.body) as { orderId?: unknown }).orderId);
  } catch {
    // a body we cannot read is the judge's business, not ours
  }
}

export interface Tally {
  cases: number;
  byRoute: Map<string, number>;
  byStatus: Map<number, number>;
  byAuth: Map<string, number>;
  byBody: Map<string, number>;
  /** Route → status → count. */
  routeStatus: Map<string, Map<number, number>>;
  fiveXx: number;
  violations: { case: FuzzCase; status: number; problems: string[] }[];
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export function emptyTally(): Tally {
  return {
    cases: 0,
    byRoute: new Map(),
    byStatus: new Map(),
    byAuth: new Map(),
    byBody: new Map(),
    routeStatus: new Map(),
    fiveXx: 0,
    violations: [],
  };
}

/** Sends one case and records it; returns the problems found (empty: the contract held). */
export async function sendCase(target: FuzzTarget, c: FuzzCase, tally: Tally): Promise<string[]> {
  const op = target.operations.find((o) => o.operationId === c.operationId)!;
  const res = await fetch(target.api.url + c.url, {
    method: c.method,
    headers: c.headers,
    ...(c.body !== undefined && { body: c.body }),
  });
  const answer = { status: res.status, contentType: res.headers.get('Content-Type') ?? '', text: await res.text() };
  harvest(target.known, c, answer.status, answer.text);
  const problems = violations(op, answer);
  tally.cases++;
  bump(tally.byRoute, `${c.method} ${op.path}`);
  bump(tally.byStatus, answer.status);
  bump(tally.byAuth, c.auth);
  bump(tally.byBody, c.bodyKind);
  const perRoute = tally.routeStatus.get(`${c.method} ${op.path}`) ?? new Map<number, number>();
  bump(perRoute, answer.status);
  tally.routeStatus.set(`${c.method} ${op.path}`, perRoute);
  if (answer.status >= 500) tally.fiveXx++;
  if (problems.length) tally.violations.push({ case: c, status: answer.status, problems });
  return problems;
}
