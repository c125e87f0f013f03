import { parseArgs } from 'node:util';
import type { Database } from './db/database.js';

/**
 * `member-center operator …` and `member-center keys rotate`: the console's operators and the
 * program's keys from the command line. They open the database; when a server holds PGlite's
 * folder and --secret-key is given, they go through that server's console routes instead
 * (as 'program update' does through PATCH /v1/program).
 */
export interface CliContext {
  open(data: string | undefined): Promise<Database>;
  inUse(error: unknown): boolean;
  usage(message: string): Error;
  defaultApi: string;
}

export const CONSOLE_USAGE = `  member-center operator add --email E --role owner|staff|viewer [--program ID] [--password-stdin] [--data DIR | --secret-key sk_… [--api URL]]
  member-center operator list [--program ID] [--json] [--data DIR | --secret-key sk_… [--api URL]]
  member-center operator remove --email E [--program ID] [--data DIR | --secret-key sk_… [--api URL]]
  member-center keys rotate --secret|--publishable [--overlap-hours 24] [--program ID] [--json] [--data DIR | --secret-key sk_… [--api URL]]`;

const COMMON = {
  program: { type: 'string' },
  data: { type: 'string' },
  'secret-key': { type: 'string' },
  api: { type: 'string' },
  json: { type: 'boolean' },
} as const;

async function readStdin() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The program a command is about: --program, the secret key's, or the only one there is. */
async function pickProgram(db: Database, id: string | undefined, secret: string | undefined) {
  const { programById, programBySecretKey } = await import('./kernel/programs.js');
  if (secret) {
    const program = await programBySecretKey(db, secret);
    if (!program) throw new Error('no program has this secret key here (check --data or DATABASE_URL)');
    return program;
  }
  if (id) {
    const program = /^[0-9a-f-]{36}$/i.test(id) ? await programById(db, id) : undefined;
    if (!program) throw new Error(`no program ${id} here (check --data or DATABASE_URL)`);
    return program;
  }
  const programs = await db.query<{ id: string }>('SELECT id FROM programs ORDER BY created_at LIMIT 2');
  if (programs.length !== 1)
    throw new Error(programs.length ? 'there are several programs: pass --program ID' : 'there is no program yet');
  return (await programById(db, programs[0]!.id))!;
}

/** A console route on a running API, with the secret key. */
async function viaApi(api: string, secret: string, method: string, path: string, body?: unknown) {
  let res: Response;
  try {
    res = await fetch(new URL(path, api), {
      method,
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`no API answers at ${api} (${cause}); pass --api with the running server's URL`);
  }
  const json = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (res.status === 401) throw new Error(`no program has this secret key at ${api}`);
  if (!res.ok) throw new Error(`${api} answered ${res.status}: ${json?.error?.message ?? res.statusText}`);
  return json as Record<string, unknown>;
}

/**
 * Runs `local` on the database, or, when a server holds the folder and a secret key is given,
 * `remote` on that server. Without a secret key a held folder is an error that says what to do.
 */
async function withProgram<T>(
  ctx: CliContext,
  values: {
    data?: string | undefined;
    program?: string | undefined;
    'secret-key'?: string | undefined;
    api?: string | undefined;
  },
  local: (db: Database, program: import('./kernel/programs.js').ProgramRow) => Promise<T>,
  remote: (api: string, secret: string) => Promise<T>,
): Promise<T> {
  const secret = values['secret-key'];
  if (secret !== undefined && !secret.startsWith('sk_')) throw ctx.usage('--secret-key takes a key sk_…');
  if (values.api && !secret) throw ctx.usage('--api needs --secret-key sk_… (the console routes take it)');
  if (values.api && secret) return remote(values.api, secret);
  let db: Database;
  try {
    db = await ctx.open(values.data);
  } catch (error) {
    if (!ctx.inUse(error) || !secret) throw error;
    console.error(
      `member-center: ${(error as Error).message.split(' (')[0]}; going through ${ctx.defaultApi} (--api URL for another address).`,
    );
    return remote(ctx.defaultApi, secret);
  }
  try {
    return await local(db, await pickProgram(db, values.program, secret));
  } finally {
    await db.close();
  }
}

export async function operatorCommand(ctx: CliContext, argv: string[]) {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { ...COMMON, email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const [{ OperatorRole, Password }, operators] = await Promise.all([
    import('@member-center/contract'),
    import('./operators/operators.js'),
  ]);
  if (sub === 'list') {
    const list = await withProgram(
      ctx,
      values,
      async (db, program) => (await operators.listOperators(db, program.id)).map(operators.operatorView),
      async (api, secret) =>
        (await viaApi(api, secret, 'GET', '/console/api/operators')).items as ReturnType<
          typeof operators.operatorView
        >[],
    );
    if (values.json) console.log(JSON.stringify(list));
    else if (!list.length) console.log('No operators yet: member-center operator add --email E --role owner');
    else for (const o of list) console.log(`${o.email}\t${o.role}${o.active ? '' : '\t(login link not used yet)'}`);
    return;
  }
  if (!values.email) throw ctx.usage(`operator ${sub ?? ''} needs --email E`.replace('  ', ' '));
  const email = values.email;
  if (sub === 'remove') {
    const removed = await withProgram(
      ctx,
      values,
      async (db, program) => {
        const { recordAudit } = await import('./operators/audit.js');
        // The removal and its audit entry commit together.
        const row = await db.transaction(async (tx) => {
          const row = await operators.removeOperator(tx, program.id, { email });
          await recordAudit(
            tx,
            {
              programId: program.id,
              operator: { id: null, email: 'cli' },
              action: 'operator.removed',
              target: `operator:${row.email}`,
              before: operators.operatorView(row),
            },
            new Date(),
          );
          return row;
        });
        return row.email;
      },
      async (api, secret) => {
        const list = (await viaApi(api, secret, 'GET', '/console/api/operators')).items as {
          id: string;
          email: string;
        }[];
        const found = list.find((o) => o.email === email.trim().toLowerCase());
        if (!found) throw new Error(`no operator ${email} in this program`);
        await viaApi(api, secret, 'DELETE', `/console/api/operators/${found.id}`);
        return found.email;
      },
    );
    console.log(`Operator ${removed} removed; their sessions have ended.`);
    return;
  }
  if (sub !== 'add') throw ctx.usage(`unknown command: operator ${sub ?? ''}`.trim());
  const role = OperatorRole.safeParse(values.role);
  if (!role.success) throw ctx.usage('operator add needs --role owner|staff|viewer');
  let password: string | undefined;
  if (values['password-stdin']) {
    password = await readStdin();
    const ok = Password.safeParse(password);
    if (!ok.success) throw ctx.usage('the password (standard input) needs 10 to 200 characters');
  }
  const added = await withProgram(
    ctx,
    values,
    async (db, program) => {
      const { recordAudit } = await import('./operators/audit.js');
      const { operator, token } = await db.transaction(async (tx) => {
        const added = await operators.addOperator(
          tx,
          { programId: program.id, email, role: role.data, ...(password !== undefined && { password }) },
          new Date(),
        );
        await recordAudit(
          tx,
          {
            programId: program.id,
            operator: { id: null, email: 'cli' },
            action: 'operator.added',
            target: `operator:${added.operator.email}`,
            after: operators.operatorView(added.operator),
          },
          new Date(),
        );
        return added;
      });
      return { operator: operators.operatorView(operator), loginLink: token ? operators.loginLinkPath(token) : null };
    },
    async (api, secret) =>
      (await viaApi(api, secret, 'POST', '/console/api/operators', {
        email,
        role: role.data,
        ...(password !== undefined && { password }),
      })) as { operator: { email: string; role: string }; loginLink: string | null },
  );
  if (values.json) return console.log(JSON.stringify(added));
  console.log(`Operator ${added.operator.email} (${added.operator.role}) added.`);
  if (added.loginLink)
    console.log(
      `One-time login link (valid ${operators.LOGIN_LINK_HOURS} h; it sets the password):\n  ${new URL(added.loginLink, values.api ?? ctx.defaultApi)}`,
    );
}

export async function keysCommand(ctx: CliContext, argv: string[]) {
  const [sub, ...rest] = argv;
  if (sub !== 'rotate') throw ctx.usage(`unknown command: keys ${sub ?? ''}`.trim());
  const { values } = parseArgs({
    args: rest,
    options: {
      ...COMMON,
      secret: { type: 'boolean' },
      publishable: { type: 'boolean' },
      'overlap-hours': { type: 'string', default: '24' },
    },
  });
  if (values.secret === values.publishable) throw ctx.usage('keys rotate needs --secret or --publishable');
  const kind = values.secret ? 'secret' : 'publishable';
  const overlapHours = Number(values['overlap-hours']);
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 168)
    throw ctx.usage('--overlap-hours takes 0 to 168 hours');
  const rotated = await withProgram(
    ctx,
    values,
    async (db, program) => {
      const [{ rotateKey, keysView }, { recordAudit }] = await Promise.all([
        import('./commands/keys.js'),
        import('./operators/audit.js'),
      ]);
      const now = new Date();
      const before = keysView(program, now);
      const { key, previousUntil } = await db.transaction(async (tx) => {
        const rotated = await rotateKey(tx, program, kind, overlapHours, now);
        await recordAudit(
          tx,
          {
            programId: program.id,
            operator: { id: null, email: 'cli' },
            action: 'keys.rotated',
            target: `key:${kind}`,
            before,
            after: { ...keysView(rotated.program, now), overlapHours },
          },
          now,
        );
        return rotated;
      });
      return { kind, key, previousUntil: previousUntil.toISOString() };
    },
    async (api, secret) =>
      (await viaApi(api, secret, 'POST', '/console/api/keys/rotate', { kind, overlapHours })) as {
        kind: string;
        key: string;
        previousUntil: string;
      },
  );
  if (values.json) return console.log(JSON.stringify(rotated));
  console.log(
    `New ${kind} key (shown this once):\n  ${rotated.key}\nThe old one keeps working until ${rotated.previousUntil}.` +
      (kind === 'secret' ? '\nServers in other processes pick the new key up within their program cache (5 s).' : ''),
  );
}
