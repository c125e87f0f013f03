import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const BIN = new URL('../bin/member-center.js', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs the CLI; resolves with its exit code and output instead of throwing on failure. */
async function cli(...args: string[]) {
  return cliWith({}, ...args);
}
async function cliWith(vars: Record<string, string>, ...args: string[]) {
  const env = { ...process.env, ...vars };
  delete env.DATABASE_URL; // these tests are about the PGlite data folder
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the CLI with `input` on its standard input. */
function cliStdin(input: string, ...args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  child.stdin.end(input);
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
}

function serve(data: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0', '--host', '127.0.0.1'], { env });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const url = /on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

describe('the member-center CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mc-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('program create --json prints the keys as JSON and nothing else', async () => {
    const { code, stdout } = await cli(
      'program',
      'create',
      '--name',
      'CLI Shop',
      '--origin',
      'http://cli.test',
      '--json',
      '--data',
      dir,
    );
    assert.equal(code, 0);
    const keys = JSON.parse(stdout);
    assert.deepEqual(Object.keys(keys), ['programId', 'publishableKey', 'secretKey']);
    assert.match(keys.publishableKey, /^pk_/);
    assert.match(keys.secretKey, /^sk_/);
    assert.equal(stdout.trim().split('\n').length, 1);
  });

  it('a token it signs is accepted by the server; the folder is locked while served', async () => {
    const { stdout } = await cli('program', 'create', '--name', 'Token Shop', '--json', '--data', dir);
    const keys = JSON.parse(stdout);
    const token = (await cli('token', '--secret-key', keys.secretKey, '--sub', 'alice', '--ttl', '600')).stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const { child, url } = await serve(dir);
    try {
      const me = await fetch(`${url}/v1/me`, {
        headers: { 'X-Publishable-Key': keys.publishableKey, Authorization: `Bearer ${token}` },
      });
      assert.equal(me.status, 200);
      assert.equal((await me.json()).member.customerId, 'alice');

      const locked = await cli('program', 'create', '--name', 'Second', '--json', '--data', dir);
      assert.equal(locked.code, 1);
      assert.equal(locked.stdout, '');
      assert.match(locked.stderr, /in use by process \d+/);
      assert.match(locked.stderr, /no HTTP route.*stop the server.*another --data folder.*DATABASE_URL/s);
      // Signing a token needs no database.
      const held = await cli('token', '--secret-key', keys.secretKey, '--sub', 'bob');
      assert.equal(held.code, 0, held.stderr);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    const afterStop = await cli('program', 'create', '--name', 'Third', '--json', '--data', dir);
    assert.equal(afterStop.code, 0, afterStop.stderr);
  });

  it('program update goes through the server that holds the folder, with the same checks', async () => {
    const { stdout } = await cli('program', 'create', '--name', 'Served Shop', '--json', '--data', dir);
    const keys = JSON.parse(stdout);
    const { child, url } = await serve(dir);
    const programOf = async () =>
      (await fetch(`${url}/v1/program`, { headers: { 'X-Publishable-Key': keys.publishableKey } })).json();
    try {
      // No --api: the folder is held, so it goes to the address the server listens on (PORT, else 8787).
      const port = new URL(url).port;
      const update = (rules: string, ...more: string[]) =>
        cliWith({ PORT: port }, 'program', 'update', '--secret-key', keys.secretKey, '--rules', rules, ...more);
      const viaServer = await update('{"pointsExpiryMonths": 6}', '--json', '--data', dir);
      assert.equal(viaServer.code, 0, viaServer.stderr);
      assert.deepEqual(JSON.parse(viaServer.stdout).pointsExpiry, { months: 6 });
      assert.match(viaServer.stderr, /in use by process \d+; sending the change to http:\/\/localhost:\d+/);
      assert.deepEqual((await programOf()).pointsExpiry, { months: 6 }, 'the running server has it');

      const viaApi = await cli(
        'program',
        'update',
        '--secret-key',
        keys.secretKey,
        '--rules',
        '{"returnWindowDays": 7}',
        '--api',
        url,
      );
      assert.equal(viaApi.code, 0, viaApi.stderr);
      assert.match(viaApi.stdout, /Rules of "Served Shop" updated/);
      assert.equal((await programOf()).returnWindowDays, 7);

      const refused = await update('{"pointsExpiryMonths": 0}', '--data', dir);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /rules\.pointsExpiryMonths/);
      const wrongKey = await cliWith(
        { PORT: port },
        'program',
        'update',
        '--secret-key',
        'sk_nope',
        '--rules',
        '{}',
        '--data',
        dir,
      );
      assert.equal(wrongKey.code, 1);
      assert.match(wrongKey.stderr, /no program has this secret key at http:/);
      assert.equal((await programOf()).returnWindowDays, 7);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    const afterStop = await cli('program', 'create', '--name', 'Third', '--json', '--data', dir);
    assert.equal(afterStop.code, 0, afterStop.stderr);
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dir, 'member-center.lock'), '999999');
    const { code, stderr } = await cli('seed-demo', '--json', '--data', dir);
    assert.equal(code, 0, stderr);
  });

  it('sweep writes off expired points in the folder and reports what it did', async () => {
    const first = await cli('sweep', '--json', '--data', dir);
    assert.equal(first.code, 0, first.stderr);
    // The demo's own events (its order) are fanned out to no endpoint: nothing is sent.
    const { webhooks, ...swept } = JSON.parse(first.stdout);
    assert.deepEqual(
      swept,
      { members: 0, entries: 0, birthdays: 0, expiringAnnounced: 0 },
      'the demo earned its points today; its member has no birthday',
    );
    assert.deepEqual({ ...webhooks, dispatched: 0 }, { dispatched: 0, delivered: 0, retrying: 0, failed: 0 });
  });

  it('program update sets the loyalty rules with the API’s checks; a refused change changes nothing', async () => {
    const created = await cli('program', 'create', '--name', 'Rules Shop', '--json', '--data', dir);
    const { secretKey } = JSON.parse(created.stdout) as { secretKey: string };
    const update = (rules: string) =>
      cli('program', 'update', '--secret-key', secretKey, '--rules', rules, '--json', '--data', dir);

    const set = await update(
      '{"pointsExpiryMonths": 12, "checkIn": {"points": 5}, "tierWindow": {"kind": "calendar_year"}}',
    );
    assert.equal(set.code, 0, set.stderr);
    const program = JSON.parse(set.stdout);
    assert.deepEqual(program.pointsExpiry, { months: 12 });
    assert.deepEqual(program.checkIn, { points: 5, bonusDay: 7, bonusPoints: 0 });
    assert.deepEqual(program.tierWindow, { kind: 'calendar_year', basis: 'points' });

    const file = join(dir, 'rules.json');
    writeFileSync(file, '{"returnWindowDays": 14}');
    const fromFile = await cli(
      'program',
      'update',
      '--secret-key',
      secretKey,
      '--rules',
      `@${file}`,
      '--json',
      '--data',
      dir,
    );
    assert.equal(JSON.parse(fromFile.stdout).returnWindowDays, 14);

    const refused = [
      ['{"pointsExpiryMonths": 0}', /rules\.pointsExpiryMonths/],
      ['{"bogus": 1}', /rules/],
      ['{"timeZone": "Mars/Olympus"}', /IANA time zone/],
      ['{"pointsExpiryMonths": ', /--rules is not JSON/],
    ] as const;
    for (const [rules, message] of refused) {
      const { code, stdout, stderr } = await update(rules);
      assert.equal(code, 1, rules);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    }
    const wrongKey = await cli('program', 'update', '--secret-key', 'sk_nope', '--rules', '{}', '--data', dir);
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /no program has this secret key/);

    const unchanged = JSON.parse((await update('{}')).stdout);
    assert.deepEqual(unchanged.pointsExpiry, { months: 12 });
    assert.equal(unchanged.returnWindowDays, 14);
    assert.equal(unchanged.timeZone, program.timeZone);
  });

  it('stats prints GET /v1/stats as JSON, from the folder or from the server that holds it', async () => {
    const { stdout } = await cli('program', 'create', '--name', 'Stats Shop', '--json', '--data', dir);
    const keys = JSON.parse(stdout);
    const local = await cli('stats', '--secret-key', keys.secretKey, '--interval', 'week', '--json', '--data', dir);
    assert.equal(local.code, 0, local.stderr);
    const answer = JSON.parse(local.stdout);
    assert.equal(answer.members.total, 0);
    assert.equal(answer.series.interval, 'week');
    const refused = await cli('stats', '--secret-key', keys.secretKey, '--from', '2026-02-30', '--data', dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /options\.from/);
    const { child, url } = await serve(dir);
    try {
      const viaApi = await cli(
        'stats',
        '--secret-key',
        keys.secretKey,
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-31',
        '--api',
        url,
      );
      assert.equal(viaApi.code, 0, viaApi.stderr);
      assert.deepEqual(JSON.parse(viaApi.stdout).range.to, '2026-01-31');
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('program create and update take --settings: the body of PATCH /v1/program, checked and applied as one', async () => {
    const settings = JSON.stringify({
      pointsPerUnit: 2,
      joinUrl: 'https://settings.test/join',
      pointValue: { points: 100, value: { amount: 100, currency: 'CNY' } },
      tiers: [
        { name: 'Member', threshold: 0 },
        { name: 'VIP', threshold: 500, multiplier: 1.5, translations: { 'zh-CN': { name: '贵宾' } } },
      ],
    });
    const created = await cli(
      'program',
      'create',
      '--name',
      'Settings Shop',
      '--origin',
      'http://settings.test',
      '--settings',
      settings,
      '--json',
      '--data',
      dir,
    );
    assert.equal(created.code, 0, created.stderr);
    const { secretKey } = JSON.parse(created.stdout) as { secretKey: string };
    const update = (flag: string, body: string) =>
      cli('program', 'update', '--secret-key', secretKey, flag, body, '--json', '--data', dir);
    const shown = JSON.parse((await update('--settings', '{}')).stdout);
    assert.equal(shown.name, 'Settings Shop');
    assert.equal(shown.pointsPerUnit, 2);
    assert.equal(shown.joinUrl, 'https://settings.test/join');
    assert.deepEqual(shown.allowedOrigins, ['http://settings.test']);
    assert.deepEqual(
      shown.tiers.map((t: { name: string; multiplier: number }) => [t.name, t.multiplier]),
      [
        ['Member', 1],
        ['VIP', 1.5],
      ],
    );
    // The ladder without VIP removes it; --rules is the same option.
    const member = shown.tiers[0];
    const removed = await update('--rules', JSON.stringify({ name: 'Renamed Shop', tiers: [member] }));
    assert.equal(removed.code, 0, removed.stderr);
    const after = JSON.parse(removed.stdout);
    assert.deepEqual([after.name, after.tiers.map((t: { name: string }) => t.name)], ['Renamed Shop', ['Member']]);

    // A refusal creates no program: not by the schema, nor by a check made in the transaction.
    for (const [body, message] of [
      ['{"tiers": [{"name": "A", "threshold": 0}, {"name": "B", "threshold": 0}]}', /settings\.tiers/],
      ['{"pointValue": {"points": 1, "value": {"amount": 1, "currency": "USD"}}}', /pointValue/],
      ['{"pointsPerUnit": ', /--settings is not JSON/],
    ] as const) {
      const refused = await cli('program', 'create', '--name', 'Refused Shop', '--settings', body, '--data', dir);
      assert.equal(refused.code, 1, body);
      assert.match(refused.stderr, message);
    }
    const { openDatabase } = await import('../src/db/database.js');
    const db = await openDatabase({ dataDir: dir });
    try {
      const rows = await db.query(`SELECT 1 FROM programs WHERE name = 'Refused Shop'`);
      assert.equal(rows.length, 0);
    } finally {
      await db.close();
    }
    const both = await cli('program', 'update', '--secret-key', secretKey, '--rules', '{}', '--settings', '{}');
    assert.equal(both.code, 1);
    assert.match(both.stderr, /not both/);
  });

  it('says what is wrong on stderr with a non-zero exit', async () => {
    const cases = [
      [['nonsense'], /unknown command: nonsense/],
      [['token', '--sub', 'x'], /--secret-key/],
      [['token', '--secret-key', 'sk_x', '--sub', 'x', '--ttl', '100000'], /--ttl takes 1 to 86400/],
      [['program', 'create', '--data', dir], /--name/],
      [['program', 'create', '--name', 'x', '--origin', 'cli.test/path', '--data', dir], /--origin takes an origin/],
      [['program', 'update', '--rules', '{}', '--data', dir], /--secret-key/],
      [['program', 'update', '--secret-key', 'sk_x', '--data', dir], /--rules JSON/],
      [['program', 'update', '--secret-key', 'sk_x', '--rules', '{}', '--api', 'nowhere'], /--api takes a URL/],
      [
        ['program', 'update', '--secret-key', 'sk_x', '--rules', '{}', '--api', 'http://127.0.0.1:9'],
        /no API answers at/,
      ],
      [['program', 'rename', '--data', dir], /unknown command: program rename/],
      [['serve', '--port', 'eighty'], /--port must be a port number/],
      [['serve', '--bogus'], /Unknown option '--bogus'/],
      [['serve', '--sweep-every', 'often'], /--sweep-every takes a number of seconds/],
      [['serve', '--webhooks-every', 'soon'], /--webhooks-every takes a number of seconds/],
    ] as const;
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(...args);
      assert.equal(code, 1, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
    }
  });

  it('operator add/list/remove and keys rotate: on the folder, and through the server that holds it', async () => {
    const own = mkdtempSync(join(tmpdir(), 'mc-cli-ops-'));
    try {
      const keys = JSON.parse((await cli('program', 'create', '--name', 'Ops Shop', '--json', '--data', own)).stdout);
      const link = await cli('operator', 'add', '--email', 'Ana@Shop.test', '--role', 'owner', '--data', own);
      assert.equal(link.code, 0, link.stderr);
      assert.match(
        link.stdout,
        /Operator ana@shop\.test \(owner\) added\.\nOne-time login link .*\n {2}http:\/\/localhost:\d+\/console\/#\/welcome\/[\w-]{40,}/,
      );
      const withPassword = await cliStdin(
        'a long password\n',
        'operator',
        'add',
        '--email',
        'bo@shop.test',
        '--role',
        'staff',
        '--password-stdin',
        '--data',
        own,
      );
      assert.equal(withPassword.code, 0, withPassword.stderr);
      assert.doesNotMatch(withPassword.stdout, /login link/);
      const short = await cliStdin(
        'short',
        'operator',
        'add',
        '--email',
        'cy@shop.test',
        '--role',
        'staff',
        '--password-stdin',
        '--data',
        own,
      );
      assert.equal(short.code, 1);
      assert.match(short.stderr, /10 to 200 characters/);
      const list = JSON.parse((await cli('operator', 'list', '--json', '--data', own)).stdout);
      assert.deepEqual(
        list.map((o: { email: string; role: string; active: boolean }) => [o.email, o.role, o.active]),
        [
          ['ana@shop.test', 'owner', false],
          ['bo@shop.test', 'staff', true],
        ],
      );
      const last = await cli('operator', 'remove', '--email', 'ana@shop.test', '--data', own);
      assert.equal(last.code, 1);
      assert.match(last.stderr, /last owner/);
      const rotated = JSON.parse(
        (await cli('keys', 'rotate', '--secret', '--overlap-hours', '1', '--json', '--data', own)).stdout,
      );
      assert.match(rotated.key, /^sk_/);
      assert.notEqual(rotated.key, keys.secretKey);

      const { child, url } = await serve(own);
      try {
        // Both secret keys work during the overlap; the staff member signs in with the password set from stdin.
        for (const key of [keys.secretKey, rotated.key])
          assert.equal((await fetch(`${url}/v1/members`, { headers: { Authorization: `Bearer ${key}` } })).status, 200);
        const signIn = await fetch(`${url}/console/api/session`, {
          method: 'POST',
          headers: { Origin: url, 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'bo@shop.test', password: 'a long password' }),
        });
        assert.equal(signIn.status, 201);
        // The folder is held: without a secret key the CLI says so; with one it goes through the server.
        const held = await cli('operator', 'list', '--data', own);
        assert.equal(held.code, 1);
        assert.match(held.stderr, /in use/);
        const remote = await cli(
          'operator',
          'add',
          '--email',
          'cy@shop.test',
          '--role',
          'viewer',
          '--secret-key',
          rotated.key,
          '--api',
          url,
        );
        assert.equal(remote.code, 0, remote.stderr);
        assert.match(remote.stdout, new RegExp(`${url}/console/#/welcome/`));
        const removed = await cli(
          'operator',
          'remove',
          '--email',
          'bo@shop.test',
          '--secret-key',
          rotated.key,
          '--api',
          url,
        );
        assert.equal(removed.code, 0, removed.stderr);
        const pub = JSON.parse(
          (await cli('keys', 'rotate', '--publishable', '--json', '--secret-key', rotated.key, '--api', url)).stdout,
        );
        assert.match(pub.key, /^pk_/);
        const audit = await (
          await fetch(`${url}/console/api/audit`, { headers: { Authorization: `Bearer ${rotated.key}` } })
        ).json();
        assert.deepEqual(
          audit.items.map((e: { action: string; operator: { email: string } }) => `${e.action} by ${e.operator.email}`),
          [
            'keys.rotated by secret key',
            'operator.removed by secret key',
            'operator.added by secret key',
            'keys.rotated by cli',
            'operator.added by cli',
            'operator.added by cli',
          ],
        );
      } finally {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
