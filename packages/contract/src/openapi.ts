import * as z from 'zod/mini';
import { ErrorEnvelope } from './responses.js';
import { type RouteDef, routes } from './routes.js';

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid_request: the request does not match the contract (details list the issues)',
  401: 'unauthenticated or token_expired',
  403: 'forbidden: wrong key for this route, or an origin the program does not allow',
  404: 'not_found',
  409: 'idempotency_conflict: the key was used with another request',
  413: 'payload_too_large: the body is over 1 MB',
  422: 'a business rule: insufficient_points, out_of_stock, tier_locked, limit_reached, reward_inactive, currency_mismatch, refund_exceeds_order, check_in_unavailable, unknown_referral_code',
  429: 'rate_limited, with Retry-After',
};

function parameters(def: RouteDef) {
  const out: JsonSchema[] = [];
  for (const [where, s] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!s) continue;
    const js = schema(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || !!js.required?.includes(name), schema: prop });
    }
  }
  if (def.auth !== 'merchant') {
    out.push({
      name: 'X-Publishable-Key',
      in: 'header',
      required: true,
      schema: { type: 'string', pattern: '^pk_' },
      description: "The program's publishable key.",
    });
  }
  if (def.idempotencyKey) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
      description: 'Same key and body: the first response again, no second effect. Same key, other body: 409.',
    });
  }
  return out;
}

function operation(name: string, def: RouteDef) {
  // Any request that may carry a body can be refused for its size, even on a route that reads none.
  const errors = [400, 401, 403, 429, ...(def.method !== 'GET' ? [413] : []), ...(def.errors ?? [])];
  return {
    operationId: name,
    summary: def.summary,
    tags: [def.auth === 'merchant' ? 'Merchant' : 'Member and guest'],
    security:
      def.auth === 'merchant'
        ? [{ secretKey: [] }]
        : def.auth === 'member'
          ? [{ memberToken: [] }]
          : [{}, { memberToken: [] }],
    parameters: parameters(def),
    ...(def.body && {
      requestBody: { required: true, content: { 'application/json': { schema: schema(def.body, 'input') } } },
    }),
    responses: {
      [def.status]: {
        description: 'OK',
        content: { 'application/json': { schema: schema(def.response, 'output') } },
      },
      ...(def.repeatStatus && {
        [def.repeatStatus]: {
          description: 'Already done: the earlier result again, nothing changed',
          content: { 'application/json': { schema: schema(def.response, 'output') } },
        },
      }),
      ...Object.fromEntries(
        [...new Set(errors)].sort().map((status) => [status, errorResponse(ERROR_DESCRIPTIONS[status] ?? 'error')]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of the v1 API, generated from the contract's route table. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, def] of Object.entries(routes) as [string, RouteDef][]) {
    paths[def.path] ??= {};
    paths[def.path]![def.method.toLowerCase()] = operation(name, def);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Member Center API',
      version: '1.0.0',
      description:
        'The loyalty API behind the Member Center widgets: points ledger, tiers, rewards bazaar, redemptions, referrals. ' +
        'Errors are `{"error": {"code", "message", "details"?}}`; money is integer minor units with an ISO currency.',
    },
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
