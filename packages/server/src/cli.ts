import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { UpdateProgramBody } from '@member-center/contract';
import { type CliContext, CONSOLE_USAGE, keysCommand, operatorCommand } from './cli-console.js';
import type { ProgramRow } from './kernel/programs.js';
import { MAX_TOKEN_LIFETIME_S, signMemberToken } from './tokens.js';

// The database and server modules are imported by the commands that use them, so that
// `token` and `--help` start at once.

/** Where `pnpm start` and 'serve' answer by default (they, too, listen on PORT when it is set). */
const DEFAULT_API = `http://localhost:${process.env.PORT ?? 8787}`;

const USAGE = `member-center — the Member Center loyalty API and its tools

Usage:
  member-center serve [--port 8787] [--host HOST] [--data DIR] [--demo] [--sweep-every SECONDS] [--webhooks-every SECONDS]
  member-center sweep [--data DIR] [--json]
  member-center program create --name NAME [--origin URL]… [--currency CNY] [--locale en] [--settings JSON|@FILE] [--json] [--data DIR]
  member-center program update --secret-key sk_… --settings JSON|@FILE [--json] [--data DIR | --api URL]
  member-center token --secret-key sk_… --sub CUSTOMER_ID [--ttl SECONDS]
  member-center seed-demo [--data DIR] [--json]
  member-center stats --secret-key sk_… [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--interval day|week|month] [--json] [--data DIR | --api URL]
${CONSOLE_USAGE}

Storage: PostgreSQL when DATABASE_URL is set, else PGlite (embedded Postgres) in --data
(default ./.data). A PGlite folder is opened by one process at a time. While a server holds
it (\`pnpm start\`, 'serve'): 'program update' goes through that server's API (PATCH
/v1/program on --api, default ${DEFAULT_API}); 'token' needs no database; program create,
seed-demo and sweep have no HTTP route: stop the server first, use another --data folder, or
run the server and the CLI on PostgreSQL (DATABASE_URL), which has no such lock.

Expired points are written off (and pending points released, birthday gifts given) when a
member is read, by 'sweep' (once, now) and by 'serve' every --sweep-every seconds (default
3600; 0: never). The sweep also announces points about to expire (points.expiring).

'program update' changes a program's settings and rules: the body of PATCH /v1/program (name,
site and join/login URLs, allowed origins, locale, earn rate, points as cash, tiers, points
expiry, return window, referrals, check-ins, birthdays, segments …), checked as a whole and
applied together (--rules is the same option, its earlier name), e.g.
  member-center program update --secret-key sk_… --settings '{"pointsPerUnit": 2, "pointsExpiryMonths": 12}'
It prints the program as GET /v1/program shows it. 'program create --settings' takes the same
body for the new program (its --origin, --locale become allowedOrigins and locale).

Webhooks are sent from the outbox by 'serve' every --webhooks-every seconds (default 5;
0: not by this process) and by 'sweep'; failed deliveries are retried with backoff.

'stats' prints GET /v1/stats as JSON (--json: on one line): the program's figures over --from
to --to (the program's days; default the last 30), with a series per --interval. Like
'program update' it reads the folder, or asks the server that holds it (--api).

'operator add' gives someone the console (/console): with --password-stdin the password is
read from standard input, else a one-time login link is printed that sets it. 'keys rotate'
replaces a key; the old one keeps working for --overlap-hours (default 24). Both go through a
running server's console routes when it holds the folder and --secret-key is given.`;

class UsageError extends Error {}

const inUse = (error: unknown) => (error as Error | undefined)?.name === 'DataDirInUseError';

/** For a command with no HTTP route, run against a folder a server holds: what to do instead. */
const NO_HTTP_ROUTE =
  'This command has no HTTP route, so it cannot go through the running server: stop the server ' +
  '(Ctrl+C where it runs) and run it again, use another --data folder, or run the server and the ' +
  'CLI on PostgreSQL (DATABASE_URL), which has no such lock.';

async function open(data: string | undefined) {
  const { openDatabase } = await import('./db/database.js');
  return openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: data ?? '.data' });
}

const keys = (p: ProgramRow) => ({ programId: p.id, publishableKey: p.publishable_key, secretKey: p.secret_key });

async function serve(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string' },
      data: { type: 'string' },
      demo: { type: 'boolean' },
      'sweep-every': { type: 'string', default: '3600' },
      'webhooks-every': { type: 'string', default: '5' },
    },
  });
  const webhooksEvery = Number(values['webhooks-every']);
  if (!Number.isFinite(webhooksEvery) || webhooksEvery < 0)
    throw new UsageError(`--webhooks-every takes a number of seconds, not ${values['webhooks-every']}`);
  const port = Number(values.port);
  const sweepEvery = Number(values['sweep-every']);
  if (!Number.isInteger(sweepEvery) || sweepEvery < 0)
    throw new UsageError(`--sweep-every takes a number of seconds, not ${values['sweep-every']}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, not ${values.port}`);
  const [{ DEMO_MEMBER, demoOperator, seedDemo }, { startServer }] = await Promise.all([
    import('./demo.js'),
    import('./server.js'),
  ]);
  const db = await open(values.data);
  const demo = values.demo ? await seedDemo(db) : undefined;
  const server = await startServer(db, { port, ...(values.host && { hostname: values.host }) });
  const storage = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${values.data ?? '.data'}`;
  console.log(`Member Center API on ${server.url} (${storage})`);
  console.log(`  reference  ${server.url}/docs   OpenAPI  ${server.url}/v1/openapi.json`);
  console.log(`  console    ${server.url}/console   (operators: member-center operator add)`);
  if (demo) {
    const { program } = demo;
    const token = await signMemberToken(program.secret_key, DEMO_MEMBER, { ttl: MAX_TOKEN_LIFETIME_S });
    console.log(`\nDemo program "${program.name}" (${demo.created ? 'created now' : 'from an earlier start'})`);
    console.log(`  publishable key  ${program.publishable_key}`);
    console.log(`  secret key       ${program.secret_key}   (server-side only)`);
    console.log(`  allowed origins  ${program.allowed_origins.join(' ')}`);
    console.log(`  demo member      ${DEMO_MEMBER}; a token valid 24 h:\n  ${token}`);
    const owner = await demoOperator(db, program);
    console.log(`  console owner    ${owner.email} / ${owner.password}   (a new password at every start)`);
    console.log(
      `\nTry:  curl -H 'X-Publishable-Key: ${program.publishable_key}' -H 'Authorization: Bearer <token>' ${server.url}/v1/me`,
    );
  }
  // Reads already bring the member they show up to date; the sweep catches the rest.
  const [{ sweep }, webhooks] = await Promise.all([
    import('./member-state/sweep.js'),
    import('./webhooks/delivery.js'),
  ]);
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          sweep(db, new Date()).catch((error: Error) => console.error('sweep failed:', error.message));
        }, sweepEvery * 1000)
      : undefined;
  const webhookWorker =
    webhooksEvery > 0 ? webhooks.startWebhookWorker(db, { everyMs: webhooksEvery * 1000 }) : undefined;
  const stop = async () => {
    clearInterval(sweeper);
    // In-flight deliveries are handed back before the database closes; another process (or
    // the next start) sends them again.
    await webhookWorker?.stop();
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function program(argv: string[]) {
  const [sub, ...rest] = argv;
  if (sub === 'update') return updateRules(rest);
  if (sub !== 'create') throw new UsageError(`unknown command: program ${sub ?? ''}`.trim());
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      currency: { type: 'string' },
      locale: { type: 'string' },
      settings: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
    },
  });
  if (!values.name?.trim()) throw new UsageError('program create needs --name NAME');
  const settings =
    values.settings === undefined ? {} : await programSettings(jsonOption(values.settings, '--settings'));
  for (const origin of values.origin ?? []) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new UsageError(`--origin takes an origin such as https://shop.example.com, not ${origin}`);
    }
  }
  if (values.currency && !/^[A-Z]{3}$/.test(values.currency))
    throw new UsageError('--currency takes an ISO code such as CNY');
  const { createProgram, updateProgram } = await import('./commands/program.js');
  const db = await open(values.data);
  try {
    // The program and its settings in one transaction: settings refused, no program.
    const created = await db.transaction(async (tx) => {
      const program = await createProgram(tx, {
        name: values.name!.trim(),
        ...(values.origin && { allowedOrigins: values.origin }),
        ...(values.currency && { currency: values.currency }),
        ...(values.locale && { locale: values.locale }),
      });
      return updateProgram(tx, program, settings);
    });
    if (values.json) console.log(JSON.stringify(keys(created)));
    else
      console.log(
        `Program "${created.name}" created.\n  program id       ${created.id}\n  publishable key  ${created.publishable_key}\n  secret key       ${created.secret_key}`,
      );
  } finally {
    await db.close();
  }
}

/** The JSON of an option, inline or from `@FILE`. */
function jsonOption(value: string, flag: string): unknown {
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`);
  }
}

/** Settings checked as PATCH /v1/program checks its body (a 400 there is an error here). */
async function programSettings(json: unknown, where = 'settings') {
  const [{ UpdateProgramBody }, { parse }] = await Promise.all([
    import('@member-center/contract'),
    import('./http/route.js'),
  ]);
  return parse(UpdateProgramBody, json, where) as UpdateProgramBody;
}

/** `program update`: what PATCH /v1/program does, from the command line, with the same checks. */
async function updateRules(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'secret-key': { type: 'string' },
      settings: { type: 'string' },
      rules: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      api: { type: 'string' },
    },
  });
  const secret = values['secret-key'];
  if (!secret?.startsWith('sk_')) throw new UsageError('program update needs --secret-key sk_…');
  if (values.api && !URL.canParse(values.api)) throw new UsageError(`--api takes a URL such as ${DEFAULT_API}`);
  if (values.api && values.data) throw new UsageError('program update takes --data DIR or --api URL, not both');
  if (values.rules !== undefined && values.settings !== undefined)
    throw new UsageError('program update takes --settings (or its old name --rules), not both');
  const given = values.settings ?? values.rules;
  if (given === undefined)
    throw new UsageError('program update needs --settings JSON (or @FILE; --rules JSON is the same option)');
  const flag = values.settings === undefined ? 'rules' : 'settings';
  const changes = await programSettings(jsonOption(given, `--${flag}`), flag);
  const [{ programBySecretKey }, { programView }, { updateProgram }] = await Promise.all([
    import('./kernel/programs.js'),
    import('./queries/program-view.js'),
    import('./commands/program.js'),
  ]);
  const print = (view: { name: string }) =>
    console.log(
      values.json ? JSON.stringify(view) : `Rules of "${view.name}" updated:\n${JSON.stringify(view, null, 2)}`,
    );
  if (values.api) return print(await patchProgram(values.api, secret, changes));
  let db: Awaited<ReturnType<typeof open>>;
  try {
    db = await open(values.data);
  } catch (error) {
    if (!inUse(error)) throw error;
    // The server holding the folder applies the same checks: send it the change.
    console.error(
      `member-center: ${(error as Error).message.split(' (')[0]}; sending the change to ${DEFAULT_API} (--api URL for another address).`,
    );
    return print(await patchProgram(DEFAULT_API, secret, changes));
  }
  try {
    const program = await programBySecretKey(db, secret);
    if (!program) throw new Error('no program has this secret key here (check --data or DATABASE_URL)');
    const updated = await db.transaction((tx) => updateProgram(tx, program, changes, new Date()));
    print(await programView(db, updated, new Date()));
  } finally {
    await db.close();
  }
}

/** PATCH /v1/program on a running API: what 'program update' does when a server holds the folder. */
async function patchProgram(api: string, secret: string, changes: UpdateProgramBody): Promise<{ name: string }> {
  let res: Response;
  try {
    res = await fetch(new URL('/v1/program', api), {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(changes),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`no API answers at ${api} (${cause}); pass --api with the running server's URL`);
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (res.status === 401) throw new Error(`no program has this secret key at ${api}`);
  if (!res.ok) throw new Error(`${api} answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
  return body as { name: string };
}

async function token(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { 'secret-key': { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '900' } },
  });
  const secret = values['secret-key'];
  if (!secret?.startsWith('sk_')) throw new UsageError('token needs --secret-key sk_…');
  if (!values.sub) throw new UsageError('token needs --sub CUSTOMER_ID');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_LIFETIME_S)
    throw new UsageError(`--ttl takes 1 to ${MAX_TOKEN_LIFETIME_S} seconds`);
  console.log(await signMemberToken(secret, values.sub, { ttl }));
}

async function seed(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } });
  const { seedDemo } = await import('./demo.js');
  const db = await open(values.data);
  try {
    const { program, created } = await seedDemo(db);
    if (values.json) console.log(JSON.stringify({ ...keys(program), created }));
    else
      console.log(
        `Demo program ${created ? 'created' : 'already there'}: ${program.publishable_key} / ${program.secret_key}`,
      );
  } finally {
    await db.close();
  }
}

async function sweep(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean' } } });
  const { sweep } = await import('./member-state/sweep.js');
  const db = await open(values.data);
  try {
    const swept = await sweep(db, new Date(), { deliver: true });
    const result = { ...swept, webhooks: swept.webhooks! };
    if (values.json) console.log(JSON.stringify(result));
    else
      console.log(
        `Swept: ${result.entries} expiry entries for ${result.members} members; ${result.birthdays} birthday gifts; ` +
          `${result.expiringAnnounced} points.expiring events. Webhooks: ${result.webhooks.delivered} delivered, ` +
          `${result.webhooks.retrying} to retry, ${result.webhooks.failed} failed.`,
      );
  } finally {
    await db.close();
  }
}

/** `stats`: GET /v1/stats, from the database or from the server that holds it. */
async function stats(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'secret-key': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      interval: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      api: { type: 'string' },
    },
  });
  const secret = values['secret-key'];
  if (!secret?.startsWith('sk_')) throw new UsageError('stats needs --secret-key sk_…');
  if (values.api && !URL.canParse(values.api)) throw new UsageError(`--api takes a URL such as ${DEFAULT_API}`);
  const [{ StatsQuery }, { parse }] = await Promise.all([import('@member-center/contract'), import('./http/route.js')]);
  const asked = Object.fromEntries(
    (['from', 'to', 'interval'] as const).flatMap((k) => (values[k] === undefined ? [] : [[k, values[k]]])),
  );
  const query = parse(StatsQuery, asked, 'options') as import('@member-center/contract').StatsQuery;
  const print = (answer: unknown) => console.log(JSON.stringify(answer, null, values.json ? 0 : 2));
  const overHttp = (api: string) => getFromApi(api, secret, `/v1/stats?${new URLSearchParams(asked)}`);
  if (values.api) return print(await overHttp(values.api));
  let db: Awaited<ReturnType<typeof open>>;
  try {
    db = await open(values.data);
  } catch (error) {
    if (!inUse(error)) throw error;
    return print(await overHttp(DEFAULT_API));
  }
  try {
    const [{ programBySecretKey, tiersOf }, { allCampaigns }, { programStats }] = await Promise.all([
      import('./kernel/programs.js'),
      import('./rules/campaigns.js'),
      import('./queries/stats.js'),
    ]);
    const program = await programBySecretKey(db, secret);
    if (!program) throw new Error('no program has this secret key here (check --data or DATABASE_URL)');
    const [tiers, campaigns] = await Promise.all([tiersOf(db, program.id), allCampaigns(db, program.id)]);
    print(await programStats(db, program, tiers, campaigns, query, new Date()));
  } finally {
    await db.close();
  }
}

/** A merchant GET on a running API, its error envelope turned into the CLI's message. */
async function getFromApi(api: string, secret: string, path: string): Promise<unknown> {
  const res = await fetch(new URL(path, api), { headers: { Authorization: `Bearer ${secret}` } }).catch((error) => {
    throw new Error(
      `no API answers at ${api} (${(error as { cause?: { code?: string } }).cause?.code ?? error}); pass --api`,
    );
  });
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) throw new Error(`${api} answered ${res.status}: ${body?.error?.message ?? res.statusText}`);
  return body;
}
const consoleCli: CliContext = {
  open,
  inUse,
  usage: (message) => new UsageError(message),
  defaultApi: DEFAULT_API,
};

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  operator: (argv) => operatorCommand(consoleCli, argv),
  keys: (argv) => keysCommand(consoleCli, argv),
  serve,
  stats,
  program,
  token,
  'seed-demo': seed,
  sweep,
};

const [command, ...argv] = process.argv.slice(2);
if (!command || command === '--help' || command === 'help') {
  console.log(USAGE);
} else {
  const run = commands[command];
  try {
    if (!run) throw new UsageError(`unknown command: ${command}`);
    await run(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const help = usage ? '\n\nRun `member-center --help` for usage.' : inUse(error) ? `\n${NO_HTTP_ROUTE}` : '';
    console.error(`member-center: ${(error as Error).message}${help}`);
    process.exitCode = 1;
  }
}
