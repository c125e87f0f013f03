import * as z from 'zod/mini';
import { Cursor, Id, Limit, list, text } from './primitives.js';

/**
 * The merchant console's own routes (`/console/api/…`), called by the console page with an
 * operator's session cookie, from the API's own origin. The console reads and changes the
 * program through the merchant routes (`/v1/…`) with the same cookie; these are the routes it
 * needs beyond them: sign-in, operators, the audit log and key rotation.
 */

/** viewer reads; staff also adjusts points and manages rewards and coupons; owner also changes rules, keys, webhooks and operators. */
export const OperatorRole = z.enum(['viewer', 'staff', 'owner']);
export type OperatorRole = z.infer<typeof OperatorRole>;

const Email = z.string().check(z.minLength(3), z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+$/, 'an email address'));
/** Passwords of 10 to 200 characters: length over rules (NIST 800-63B). */
export const Password = z.string().check(z.minLength(10, 'at least 10 characters'), z.maxLength(200));

export const Operator = z.object({
  id: z.string(),
  email: z.string(),
  role: OperatorRole,
  /** False until the operator has set a password with their one-time login link. */
  active: z.boolean(),
  createdAt: z.string(),
});
export type Operator = z.infer<typeof Operator>;

export const LoginBody = z.strictObject({ email: Email, password: z.string().check(z.maxLength(200)) });
export type LoginBody = z.infer<typeof LoginBody>;
/** A one-time login link's token and the password it sets. */
export const LinkLoginBody = z.strictObject({ token: text(200), password: Password });
export type LinkLoginBody = z.infer<typeof LinkLoginBody>;

export const ConsoleSession = z.object({
  operator: Operator,
  program: z.object({ id: z.string(), name: z.string(), currency: z.string() }),
  /** When the session ends at the latest (absolute expiry); idle sessions end sooner. */
  expiresAt: z.string(),
});
export type ConsoleSession = z.infer<typeof ConsoleSession>;

export const SignedOut = z.object({ signedOut: z.int() });
export type SignedOut = z.infer<typeof SignedOut>;

export const OperatorList = list(Operator);
export type OperatorList = z.infer<typeof OperatorList>;
export const AddOperatorBody = z.strictObject({
  email: Email,
  role: OperatorRole,
  /** Set the password now (the CLI's --password-stdin); without it the answer carries a one-time login link. */
  password: z.optional(Password),
});
export type AddOperatorBody = z.infer<typeof AddOperatorBody>;
export const OperatorAdded = z.object({
  operator: Operator,
  /** Path of the one-time login link (valid 24 h) that sets the password; share it privately. Null when a password was given. */
  loginLink: z.nullable(z.string()),
});
export type OperatorAdded = z.infer<typeof OperatorAdded>;
export const OperatorRemoved = z.object({ removed: z.boolean() });

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  operator: z.object({ id: z.nullable(z.string()), email: z.string() }),
  /** e.g. points.adjusted, reward.updated, program.updated, keys.rotated, webhook.created, operator.added */
  action: z.string(),
  target: z.nullable(z.string()),
  before: z.nullable(z.unknown()),
  after: z.nullable(z.unknown()),
  reason: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = list(AuditEntry);
export type AuditList = z.infer<typeof AuditList>;
export const AuditQuery = z.object({
  limit: Limit,
  cursor: Cursor,
  /** Entries of this action only, or of a family with a trailing `.*` (`reward.*`). */
  action: z.optional(z.string().check(z.maxLength(64), z.regex(/^[a-z_]+(\.[a-z_*]+)?$/))),
  /** Entries by this operator's email only. */
  operator: z.optional(z.string().check(z.maxLength(254))),
  /** Entries about this target only (`member:c-42`, `reward:<id>`). */
  target: z.optional(z.string().check(z.maxLength(300))),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const KeyKind = z.enum(['secret', 'publishable']);
export type KeyKind = z.infer<typeof KeyKind>;
export const ProgramKeys = z.object({
  publishableKey: z.string(),
  /** The secret key's last four characters: the console never shows it again after a rotation. */
  secretKeyEnding: z.string(),
  /** Replaced keys that still work, and until when. */
  previous: z.array(z.object({ kind: KeyKind, ending: z.string(), until: z.string() })),
});
export type ProgramKeys = z.infer<typeof ProgramKeys>;
export const RotateKeyBody = z.strictObject({
  kind: KeyKind,
  /** Hours the replaced key keeps working (0: it stops now); 24 by default, a week at most. */
  overlapHours: z.optional(z.int().check(z.minimum(0), z.maximum(168))),
});
export type RotateKeyBody = z.infer<typeof RotateKeyBody>;
export const KeyRotated = z.object({
  kind: KeyKind,
  /** The new key, shown this once. */
  key: z.string(),
  previousUntil: z.string(),
});
export type KeyRotated = z.infer<typeof KeyRotated>;

const IdParam = z.strictObject({ id: Id });

export interface ConsoleRouteDef {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  /** `public`: no session needed (sign-in); otherwise the least role that may call it. */
  readonly role: OperatorRole | 'public' | 'any';
  /** Also callable server to server with the secret key (the CLI, while a server holds PGlite's folder), as an owner. */
  readonly secretKey?: true;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  readonly status: 200 | 201;
  readonly response: z.ZodMiniType;
}

export const consoleRoutes = {
  login: {
    method: 'POST',
    path: '/console/api/session',
    role: 'public',
    summary: 'Sign in with email and password: sets the session cookie.',
    body: LoginBody,
    status: 201,
    response: ConsoleSession,
  },
  linkLogin: {
    method: 'POST',
    path: '/console/api/session/link',
    role: 'public',
    summary: "Set the password with a one-time login link's token and sign in.",
    body: LinkLoginBody,
    status: 201,
    response: ConsoleSession,
  },
  getSession: {
    method: 'GET',
    path: '/console/api/session',
    role: 'any',
    summary: 'Who is signed in, to which program.',
    status: 200,
    response: ConsoleSession,
  },
  logout: {
    method: 'DELETE',
    path: '/console/api/session',
    role: 'any',
    summary: 'Sign out: this session ends.',
    status: 200,
    response: SignedOut,
  },
  logoutEverywhere: {
    method: 'DELETE',
    path: '/console/api/sessions',
    role: 'any',
    summary: 'Sign out everywhere: every session of this operator ends.',
    status: 200,
    response: SignedOut,
  },
  listOperators: {
    method: 'GET',
    path: '/console/api/operators',
    role: 'owner',
    summary: "The program's operators.",
    query: z.object({ limit: Limit, cursor: Cursor }),
    secretKey: true,
    status: 200,
    response: OperatorList,
  },
  addOperator: {
    method: 'POST',
    path: '/console/api/operators',
    role: 'owner',
    summary: 'Add an operator; the answer carries their one-time login link.',
    body: AddOperatorBody,
    secretKey: true,
    status: 201,
    response: OperatorAdded,
  },
  removeOperator: {
    method: 'DELETE',
    path: '/console/api/operators/{id}',
    role: 'owner',
    summary: 'Remove an operator (not the last owner); their sessions end.',
    params: IdParam,
    secretKey: true,
    status: 200,
    response: OperatorRemoved,
  },
  listAudit: {
    method: 'GET',
    path: '/console/api/audit',
    role: 'viewer',
    summary: 'The audit log, newest first: who changed what, when, before → after, and why.',
    query: AuditQuery,
    secretKey: true,
    status: 200,
    response: AuditList,
  },
  getKeys: {
    method: 'GET',
    path: '/console/api/keys',
    role: 'owner',
    summary: "The program's keys (the secret one by its ending) and replaced keys still in their overlap.",
    secretKey: true,
    status: 200,
    response: ProgramKeys,
  },
  rotateKey: {
    method: 'POST',
    path: '/console/api/keys/rotate',
    role: 'owner',
    summary: 'Replace the secret or the publishable key; the old one keeps working for the overlap.',
    body: RotateKeyBody,
    secretKey: true,
    status: 201,
    response: KeyRotated,
  },
} as const satisfies Record<string, ConsoleRouteDef>;

export type ConsoleRoutes = typeof consoleRoutes;
export type ConsoleRouteName = keyof ConsoleRoutes;
