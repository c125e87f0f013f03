import * as z from 'zod/mini';
import { errorExamples, examples, type RouteExample } from './examples.js';
import { ErrorEnvelope } from './responses.js';
import { type RouteDef, type RouteName, routes } from './routes.js';
import { Id, Timestamp } from './shapes.js';

// What the answers' plain strings hold, for the documentation (browser bundles skip the registry).
z.globalRegistry.add(Id, { format: 'uuid' });
z.globalRegistry.add(Timestamp, { format: 'date-time' });

export { errorExamples, examples, type RouteExample } from './examples.js';

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const errorResponse = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'An error.',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      ...(errorExamples[status] && { example: errorExamples[status] }),
    },
  },
});

// Descriptions are CommonMark (OpenAPI 3.1), rendered by the reference at /docs.
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '`invalid_request`: the request does not match the contract (`details.issues` lists what and where).',
  401: '`unauthenticated` (no or a bad key or token) or `token_expired`.',
  403: '`forbidden`: the wrong key for this route, or an origin the program does not allow.',
  404: '`not_found`.',
  409: '`idempotency_conflict`: the key was used with another request; `coupon_used`: the code is used on another order.',
  413: '`payload_too_large`: the body is over 1 MB.',
  422: 'A business rule: `insufficient_points`, `out_of_stock`, `tier_locked`, `limit_reached`, `reward_inactive`, `currency_mismatch`, `refund_exceeds_order`, `check_in_unavailable`, `unknown_referral_code`, `coupon_expired`, `coupon_void`, `discount_unavailable`, `discount_not_allowed`, `discount_exceeds_order`.',
  429: '`rate_limited`, with a `Retry-After` header (seconds).',
};

/** `listWebhookDeliveries` → "List webhook deliveries": the operation's title in the reference. */
const title = (name: string) => {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function parameters(def: RouteDef, example: RouteExample<RouteDef>) {
  const out: JsonSchema[] = [];
  for (const [where, s, values] of [
    ['path', def.params, example.params],
    ['query', def.query, example.query],
  ] as const) {
    if (!s) continue;
    const js = schema(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      const value = (values as Record<string, unknown> | undefined)?.[name];
      out.push({
        name,
        in: where,
        required: where === 'path' || !!js.required?.includes(name),
        schema: prop,
        ...(value !== undefined && { example: value }),
      });
    }
  }
  if (def.auth !== 'merchant') {
    out.push({
      name: 'X-Publishable-Key',
      in: 'header',
      required: !def.secretKeyToo,
      schema: { type: 'string', pattern: '^pk_' },
      example: 'pk_YOUR_PUBLISHABLE_KEY',
      description: def.secretKeyToo
        ? "The program's publishable key (not with the secret key)."
        : "The program's publishable key.",
    });
  }
  if (def.idempotencyKey) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
      example: '6c1f2e0a-9d4b-4c55-8f3e-2b7a1d9e5c40',
      description: 'Same key and body: the first response again, no second effect. Same key, other body: 409.',
    });
  }
  return out;
}

function operation(name: RouteName, def: RouteDef) {
  const example = examples[name] as RouteExample<RouteDef>;
  // Any request that may carry a body can be refused for its size, even on a route that reads none.
  const errors = [400, 401, 403, 429, ...(def.method !== 'GET' ? [413] : []), ...(def.errors ?? [])];
  return {
    operationId: name,
    summary: title(name),
    description: def.summary,
    tags: [def.auth === 'merchant' ? 'Merchant' : 'Member and guest'],
    security:
      def.auth === 'merchant'
        ? [{ secretKey: [] }]
        : def.auth === 'member'
          ? [{ memberToken: [] }]
          : [{}, { memberToken: [] }, ...(def.secretKeyToo ? [{ secretKey: [] }] : [])],
    parameters: parameters(def, example),
    ...(def.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: schema(def.body, 'input'), example: example.body } },
      },
    }),
    responses: {
      [def.status]: {
        description: 'OK',
        content: { 'application/json': { schema: schema(def.response, 'output'), example: example.response } },
      },
      ...(def.repeatStatus && {
        [def.repeatStatus]: {
          description: 'Already done: the earlier result again, nothing changed.',
          content: { 'application/json': { schema: schema(def.response, 'output'), example: example.response } },
        },
      }),
      ...Object.fromEntries([...new Set(errors)].sort().map((status) => [status, errorResponse(status)])),
    },
  };
}

/** The OpenAPI 3.1 document of the v1 API, generated from the contract's route table. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, def] of Object.entries(routes) as [RouteName, RouteDef][]) {
    paths[def.path] ??= {};
    paths[def.path]![def.method.toLowerCase()] = operation(name, def);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Member Center API',
      version: '1.0.0',
      description: [
        'The loyalty API behind the Member Center widgets: points ledger, tiers, rewards bazaar, redemptions, referrals.',
        '',
        "- **Member and guest** routes are called from the browser with the program's publishable key " +
          '(`X-Publishable-Key: pk_…`) and, for a member, a member token (`Authorization: Bearer <jwt>`) ' +
          "that the merchant's backend signs with the secret key.",
        '- **Merchant** routes are called server to server with the secret key (`Authorization: Bearer sk_…`); ' +
          'never from a browser.',
        '',
        'Errors are `{"error": {"code", "message", "details"?}}` with the HTTP status; money is integer minor ' +
          'units with an ISO currency (`{"amount": 19900, "currency": "CNY"}` is ¥199). The examples are answers ' +
          'of the demo program (`pnpm start`).',
        '',
        '**Test request** sends from this page, and the API answers it as it answers any browser: a request ' +
          "that carries an `Origin` is answered only for the program's allowed origins, and never with the secret " +
          'key. The curl lines work from a terminal.',
      ].join('\n'),
    },
    tags: [
      {
        name: 'Member and guest',
        description: 'From the browser: the publishable key, and a member token for `/v1/me…`.',
      },
      { name: 'Merchant', description: "From the merchant's backend: the secret key." },
    ],
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    paths,
    components: {
      schemas: { Error: schema(ErrorEnvelope, 'output') },
      securitySchemes: {
        memberToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A member token (HS256 JWT signed with the program's secret key by the merchant's backend).",
        },
        secretKey: {
          type: 'http',
          scheme: 'bearer',
          description: "The program's secret key `sk_…`; server to server only.",
        },
      },
    },
  };
}
