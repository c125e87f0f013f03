/**
 * The npm story, as a new user lives it: builds and packs every published package, then OUTSIDE
 * the workspace (a temp folder, npm, the tarballs and the registry, no workspace links) installs
 * them and checks that
 *   1. each tarball holds exactly what its package.json promises (no src/, no workspace: ranges,
 *      README and LICENSE), and publint and @arethetypeswrong/cli (ESM-only profile) find no error;
 *   2. a strict TypeScript file (skipLibCheck false) gets typed elements and events from the
 *      installed packages — its @ts-expect-error lines fail to compile only while the types are
 *      real, not `any` — and builds with Vite;
 *   3. a React 19 app type-checks (tsc -b, strict) with the shipped JSX typings and builds;
 *   4. `npx member-center serve --demo` starts from the installed server on plain Node (no tsx, no
 *      esbuild), answers /health and /v1/me with the token it printed, and stops on SIGTERM;
 *   5. the installed client, in Node, talks to that server.
 * Prints the tarball sizes and the server's installed size.
 *
 *   node --test scripts/pack-test/pack.test.mjs     (pnpm test:pack; part of pnpm test)
 *
 * npm's cache lives in $XDG_CACHE_HOME/member-center/pack-test-npm (default ~/.cache/…), so a
 * second run installs from it. MC_PACK_KEEP=1 keeps the temp folder for a look afterwards.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The packages that are published (package folder names). Examples stay private. */
const PUBLISHED = ['contract', 'client', 'elements', 'embed', 'server'];
const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'member-center', 'pack-test-npm');
const WORK = mkdtempSync(join(tmpdir(), 'mc-pack-test-'));
const TARBALLS = join(WORK, 'tarballs');
const APP = join(WORK, 'app');
const SERVER = join(WORK, 'server');

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const rootPkg = readJson(join(ROOT, 'package.json'));
const reactPkg = readJson(join(ROOT, 'examples/react-app/package.json'));
/** The versions the workspace itself uses, so the outside projects test what we test inside. */
const VERSIONS = {
  typescript: rootPkg.devDependencies.typescript,
  vite: rootPkg.devDependencies.vite,
  react: reactPkg.dependencies.react,
  'react-dom': reactPkg.dependencies['react-dom'],
  '@types/react': reactPkg.devDependencies['@types/react'],
  '@types/react-dom': reactPkg.devDependencies['@types/react-dom'],
  '@vitejs/plugin-react': reactPkg.devDependencies['@vitejs/plugin-react'],
};

/** The environment of a process outside the workspace: none of pnpm's settings, no workspace bins on PATH. */
function outsideEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.startsWith(ROOT) && !dir.includes('pnpm'))
    .join(':');
  return { ...env, npm_config_cache: CACHE, npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command; resolves with its output, rejects with the command, its exit code and the output's tail. */
function run(command, args, { cwd, env = process.env, timeout = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const where = relative(WORK, cwd ?? '.') || cwd;
      reject(
        new Error(`\`${command} ${args.join(' ')}\` in ${where} exited ${code ?? signal}:\n${output.slice(-6000)}`),
      );
    });
  });
}

/** Writes files under a folder (creating folders). */
function writeTree(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`);
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
/** Bytes in a folder, files only (what `du --apparent-size` would say). */
function folderSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** name → {tarball, pkg (the packed package.json), files (paths inside package/)} */
const packed = new Map();
const tarballOf = (name) => packed.get(name)?.tarball ?? assert.fail(`${name} was not packed`);
const fileDep = (name) => `file:${tarballOf(name)}`;

before(async () => {
  // The packages build themselves (the rest of `pnpm test` runs from sources and needs no build).
  await run('pnpm', ['build'], { cwd: ROOT, timeout: 600_000 });
  mkdirSync(TARBALLS);
  for (const dir of PUBLISHED) {
    const cwd = join(ROOT, 'packages', dir);
    const before = new Set(readdirSync(TARBALLS));
    await run('pnpm', ['pack', '--pack-destination', TARBALLS], { cwd });
    const made = readdirSync(TARBALLS).filter((file) => !before.has(file));
    assert.equal(made.length, 1, `pnpm pack in packages/${dir} made ${made.join(', ') || 'nothing'}`);
    const tarball = join(TARBALLS, made[0]);
    const files = (await run('tar', ['-tzf', tarball]))
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    const pkg = JSON.parse(await run('tar', ['-xzOf', tarball, 'package/package.json']));
    packed.set(pkg.name, { tarball, pkg, files, dir });
  }
  console.log('Tarballs (packed, bytes on disk):');
  for (const [name, { tarball, files }] of packed) {
    console.log(`  ${name.padEnd(26)} ${kb(statSync(tarball).size).padStart(9)}  ${files.length} files`);
  }

  // Two projects a user could have: an app (client + elements, Vite, React 19) and an API host.
  // The tarballs' own @member-center/* dependencies are pinned to the tarballs (overrides), so
  // nothing of ours is fetched from the registry.
  const ours = (names) => Object.fromEntries(names.map((name) => [name, fileDep(name)]));
  const overrides = (names) => Object.fromEntries(names.map((name) => [name, `$${name}`]));
  const appDeps = ['@member-center/contract', '@member-center/client', '@member-center/elements'];
  writeTree(APP, {
    'package.json': {
      name: 'mc-pack-test-app',
      private: true,
      type: 'module',
      dependencies: {
        ...ours(appDeps),
        react: VERSIONS.react,
        'react-dom': VERSIONS['react-dom'],
        // Only to type-check the elements' typings for these frameworks.
        vue: '^3.5.0',
        'solid-js': '^1.9.0',
        svelte: '^5.0.0',
      },
      devDependencies: {
        typescript: VERSIONS.typescript,
        vite: VERSIONS.vite,
        '@vitejs/plugin-react': VERSIONS['@vitejs/plugin-react'],
        '@types/react': VERSIONS['@types/react'],
        '@types/react-dom': VERSIONS['@types/react-dom'],
      },
      overrides: overrides(appDeps),
    },
  });
  const serverDeps = ['@member-center/contract', '@member-center/server'];
  writeTree(SERVER, {
    'package.json': {
      name: 'mc-pack-test-api',
      private: true,
      type: 'module',
      dependencies: ours(serverDeps),
      overrides: overrides(serverDeps),
    },
  });
  const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  await Promise.all([
    run('npm', install, { cwd: APP, env: outsideEnv() }),
    run('npm', install, { cwd: SERVER, env: outsideEnv() }),
  ]);
  console.log(
    `Installed server (node_modules of a project with only @member-center/server): ${kb(folderSize(join(SERVER, 'node_modules')))}`,
  );
});

after(() => {
  // The whole group (npx, its shell, the server): an orphaned server would hold this process's pipes open.
  if (server) {
    try {
      process.kill(-server.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    server.child.stdout.destroy();
    server.child.stderr.destroy();
  }
  if (process.env.MC_PACK_KEEP) console.log(`Kept ${WORK}`);
  else rmSync(WORK, { recursive: true, force: true });
});

/** Every path an `exports` map (or a string field) points at. */
function targets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

test('each tarball holds what its package.json promises, and publint and attw find no error', async () => {
  assert.equal(packed.size, PUBLISHED.length);
  for (const [name, { tarball, pkg, files }] of packed) {
    const json = JSON.stringify(pkg);
    for (const required of ['package.json', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(required), `${name}: the tarball has no ${required}`);
    }
    assert.ok(!json.includes('workspace:'), `${name}: package.json keeps a workspace: range`);
    // What tools resolve through (scripts may name anything: nothing runs them from a tarball).
    const { exports, imports, main, module, types, bin, sideEffects, customElements } = pkg;
    const resolved = JSON.stringify({ exports, imports, main, module, types, bin, sideEffects, customElements });
    assert.ok(!/"\.?\/?src\//.test(resolved), `${name}: package.json points into src/, which is not shipped`);
    assert.ok(
      !resolved.includes('@member-center/source'),
      `${name}: package.json keeps the workspace's source condition`,
    );
    const unexpected = files.filter((file) =>
      /^(src|test|bench|scripts)\/|(^|\/)tsconfig[^/]*\.json$|\.test\.[jt]s$|\.tsbuildinfo$/.test(file),
    );
    assert.deepEqual(unexpected, [], `${name}: the tarball ships files nothing runs`);
    const promised = [...targets(pkg.exports), ...targets(pkg.bin), pkg.customElements, pkg['web-types']]
      .filter(Boolean)
      .map((path) => path.replace(/^\.\//, ''));
    for (const path of promised)
      assert.ok(files.includes(path), `${name}: package.json names ${path}, not in the tarball`);
    for (const file of files.filter((f) => f.endsWith('.js.map'))) {
      const map = JSON.parse(await run('tar', ['-xzOf', tarball, `package/${file}`]));
      assert.ok(
        map.sourcesContent?.length === map.sources.length,
        `${name}: ${file} has neither its sources inlined nor shipped`,
      );
    }
    await run(join(ROOT, 'node_modules/.bin/publint'), ['run', tarball, '--strict'], { cwd: ROOT });
    await run(join(ROOT, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: ROOT,
    });
  }
  assert.ok(packed.get('@member-center/server').pkg.dependencies.tsx === undefined, 'the server depends on tsx');
});

test('a strict TypeScript file gets typed elements and events from the tarballs, and Vite builds it', async () => {
  writeTree(APP, {
    'tsconfig.typed.json': {
      compilerOptions: {
        target: 'es2022',
        module: 'preserve',
        moduleResolution: 'bundler',
        lib: ['es2023', 'dom', 'dom.iterable'],
        types: [],
        strict: true,
        skipLibCheck: false,
        isolatedModules: true,
        verbatimModuleSyntax: true,
        noEmit: true,
      },
      files: ['src/typed.ts'],
    },
    'src/typed.ts': `import { createClient } from '@member-center/client';
import { type McPointsBalance, type McRedeemEvent, setDefaultClient } from '@member-center/elements';
import '@member-center/elements/define';

setDefaultClient(createClient({ baseUrl: 'http://localhost:8787', publishableKey: 'pk_test' }));

// createElement knows the tag: an HTMLElement would not be assignable to McPointsBalance.
const balance: McPointsBalance = document.createElement('mc-points-balance');
document.body.append(balance);

const bazaar = document.createElement('mc-rewards-bazaar');
bazaar.addEventListener('mc-redeem', (event) => {
  const redeemed: McRedeemEvent = event;
  const code: string = event.redemption.code;
  console.log(redeemed.balance, code);
});
document.body.append(bazaar);

// Each line below compiles only if the types are wrong (e.g. \`any\` from a missing dependency):
// @ts-expect-error an McRedeemEvent has no notAField
bazaar.addEventListener('mc-redeem', (event) => console.log(event.notAField));
// @ts-expect-error baseUrl is a string
createClient({ baseUrl: 42, publishableKey: 'pk_test' });
`,
    'index.html': `<!doctype html>
<html lang="en"><body><script type="module" src="/src/typed.ts"></script></body></html>
`,
  });
  await run('npx', ['tsc', '-p', 'tsconfig.typed.json', '--skipLibCheck', 'false'], { cwd: APP, env: outsideEnv() });
  // The same file with a real type error must fail: proves tsc checks this file at all.
  const broken = join(APP, 'src/broken.ts');
  writeFileSync(broken, `const balance: number = document.createElement('mc-points-balance');\nexport { balance };\n`);
  await assert.rejects(
    run(
      'npx',
      [
        'tsc',
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        'false',
        '--types',
        '',
        '--lib',
        'es2023,dom',
        '--module',
        'preserve',
        '--moduleResolution',
        'bundler',
        'src/broken.ts',
      ],
      {
        cwd: APP,
        env: outsideEnv(),
      },
    ),
    /TS2322/,
  );
  rmSync(broken);
  await run('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', 'dist-typed'], { cwd: APP, env: outsideEnv() });
  const assets = readdirSync(join(APP, 'dist-typed/assets')).filter((file) => file.endsWith('.js'));
  const bundle = assets.map((file) => readFileSync(join(APP, 'dist-typed/assets', file), 'utf8')).join('\n');
  assert.match(bundle, /mc-points-balance/, 'the Vite bundle lacks the elements');
});

test('a React 19 app type-checks (tsc -b, strict) with the shipped JSX typings and builds', async () => {
  const react = join(APP, 'react');
  writeTree(react, {
    'tsconfig.json': { files: [], references: [{ path: './tsconfig.app.json' }] },
    'tsconfig.app.json': {
      compilerOptions: {
        tsBuildInfoFile: './node_modules/.tmp/tsconfig.app.tsbuildinfo',
        target: 'es2022',
        lib: ['es2023', 'dom', 'dom.iterable'],
        module: 'esnext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        types: [],
        strict: true,
        skipLibCheck: false,
        isolatedModules: true,
        verbatimModuleSyntax: true,
        noEmit: true,
      },
      include: ['src'],
    },
    'index.html': `<!doctype html>
<html lang="en"><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>
`,
    'vite.config.js': `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
`,
    'src/main.tsx': `import '@member-center/elements/define';
import type {} from '@member-center/elements/react';
import { createClient } from '@member-center/client';
import type { McShareEvent } from '@member-center/elements';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const client = createClient({ baseUrl: 'http://localhost:8787', publishableKey: 'pk_test' });

function App() {
  const [code, setCode] = useState<string>();
  const onShare = (event: McShareEvent) => console.log(event.channel, event.url);
  return (
    <mc-provider client={client}>
      <mc-points-balance theme="dark" />
      <mc-rewards-bazaar sort="cost-asc" affordableOnly onmc-redeem={(event) => setCode(event.redemption.code)} />
      <mc-referral-share onmc-share={onShare} />
      {/* @ts-expect-error sort is a RewardSort */}
      <mc-rewards-bazaar sort="cheapest-first" />
      {/* @ts-expect-error mc-redeem's listener gets an McRedeemEvent, not an McShareEvent */}
      <mc-rewards-bazaar onmc-redeem={onShare} />
      {/* @ts-expect-error not an element of ours */}
      <mc-no-such-element />
      <p>{code}</p>
    </mc-provider>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
`,
  });
  await run(join(APP, 'node_modules/.bin/tsc'), ['-b'], { cwd: react, env: outsideEnv() });
  await run(join(APP, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: react, env: outsideEnv() });
  assert.ok(existsSync(join(react, 'dist/index.html')), 'vite build wrote no dist/index.html');
});

test('the Vue, Solid, Svelte and generic JSX typings compile strictly (skipLibCheck false)', async () => {
  const strict = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--types', '', '--lib', 'es2023,dom,dom.iterable'];
  const bundler = ['--module', 'preserve', '--moduleResolution', 'bundler', '--target', 'es2022'];
  for (const framework of ['vue', 'solid', 'svelte', 'jsx']) {
    const file = join(APP, `typings-${framework}.ts`);
    writeFileSync(file, `import type {} from '@member-center/elements/${framework}';\n`);
    await run(join(APP, 'node_modules/.bin/tsc'), [...strict, ...bundler, file], { cwd: APP, env: outsideEnv() });
  }
});

/** The installed server while it runs: {child, url, publishableKey, token}. */
let server;

/** Pids of a process and all its descendants (from /proc). */
function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

test('npx member-center serve --demo starts from the installed tarball on plain Node and answers', async () => {
  for (const loader of ['tsx', 'esbuild']) {
    assert.ok(!existsSync(join(SERVER, 'node_modules', loader)), `installing the server brought ${loader} along`);
  }
  const data = join(WORK, 'api-data');
  const child = spawn(
    'npx',
    ['member-center', 'serve', '--demo', '--port', '0', '--host', '127.0.0.1', '--data', data],
    {
      cwd: SERVER,
      env: outsideEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const started = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 90_000);
    const check = () => {
      if (/\beyJ[\w-]+\.[\w-]+\.[\w-]+/.test(output) && /pk_[\w-]+/.test(output)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  assert.ok(started, `serve --demo printed no key and token:\n${output}`);
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const publishableKey = /\b(pk_[\w-]+)/.exec(output)?.[1];
  const token = /\b(eyJ[\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1];
  assert.ok(url && publishableKey && token, `could not read the URL, key and token from:\n${output}`);
  server = { child, url, publishableKey, token };

  // Nothing in the running process tree is tsx or esbuild (tsx runs esbuild as a child process).
  const processes = processTree(child.pid).map((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const nodeOptions = /(?:^|\0)NODE_OPTIONS=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1] ?? '';
      return { pid, line: `${cmdline} ${nodeOptions}` };
    } catch {
      return { pid, line: '' };
    }
  });
  const commandLines = processes.map(({ line }) => line);
  // The bin's own node process (npx runs it through a shell, or directly).
  server.pid = processes.findLast(({ line }) => /\bnode\b.*member-center(\.js)? serve/.test(line))?.pid;
  assert.ok(server.pid, `the server's node process is not in the tree:\n${commandLines.join('\n')}`);
  const loaders = commandLines.filter((line) => /\btsx\b|esbuild/.test(line));
  assert.deepEqual(loaders, [], 'the installed server runs through tsx or esbuild');

  const health = await fetch(`${url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { ok: true });
  const me = await fetch(`${url}/v1/me`, {
    headers: { 'X-Publishable-Key': publishableKey, Authorization: `Bearer ${token}` },
  });
  const body = await me.json();
  assert.equal(me.status, 200, JSON.stringify(body));
  assert.equal(body.member.customerId, 'demo-member');
  assert.equal(typeof body.points.balance, 'number');

  // The API reference's renderer ships inside the server's dist/ (no Scalar install).
  const docs = await (await fetch(`${url}/docs`)).text();
  const script = docs.match(/src="(\/docs\/assets\/scalar\.[^"]+)"/)?.[1];
  assert.ok(script, `/docs names no Scalar script:\n${docs}`);
  const asset = await fetch(`${url}${script}`);
  assert.equal(asset.status, 200);
  assert.ok((await asset.arrayBuffer()).byteLength > 1_000_000, 'the Scalar bundle is served whole');

  // The console ships inside the server's dist/ too, under its strict policy.
  const consolePage = await fetch(`${url}/console`);
  assert.equal(consolePage.status, 200);
  assert.match(consolePage.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const consoleScript = (await consolePage.text()).match(/src="(\/console\/assets\/[^"]+\.js)"/)?.[1];
  assert.ok(consoleScript, '/console names no script');
  const consoleAsset = await fetch(`${url}${consoleScript}`);
  assert.equal(consoleAsset.status, 200);
  assert.match(consoleAsset.headers.get('content-type') ?? '', /javascript/);
  const session = await fetch(`${url}/console/api/session`);
  assert.equal(session.status, 401, 'no session: the console shows its sign-in');
});

test('the installed client, in Node, reads the member and the rewards from the served API', async () => {
  assert.ok(server, 'the server did not start (see the test before)');
  writeTree(APP, {
    'client-check.mjs': `import { createClient, isApiError } from '@member-center/client';

const client = createClient({
  baseUrl: process.env.MC_URL,
  publishableKey: process.env.MC_PUBLISHABLE_KEY,
  token: process.env.MC_TOKEN,
});
const me = await client.getMe();
const rewards = await client.listRewards();
const guest = createClient({ baseUrl: process.env.MC_URL, publishableKey: 'pk_not_a_key', retry: 0 });
const refused = await guest.getProgram().then(() => 'answered', (error) => (isApiError(error) ? error.status : String(error)));
console.log(JSON.stringify({ customerId: me.member.customerId, balance: me.points.balance, rewards: rewards.items.length, refused }));
`,
  });
  const output = await run('node', ['client-check.mjs'], {
    cwd: APP,
    env: outsideEnv({ MC_URL: server.url, MC_PUBLISHABLE_KEY: server.publishableKey, MC_TOKEN: server.token }),
  });
  const result = JSON.parse(output.trim().split('\n').at(-1));
  assert.equal(result.customerId, 'demo-member');
  assert.equal(typeof result.balance, 'number');
  assert.ok(result.rewards > 0, 'the demo program has rewards');
  assert.equal(result.refused, 401, 'an unknown publishable key is refused');

  // A graceful stop: SIGTERM to the server's node process closes it and PGlite, and it (so npx) exits 0.
  const exited = once(server.child, 'exit');
  process.kill(server.pid, 'SIGTERM');
  const [code] = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(['timeout']), 20_000))]);
  assert.equal(code, 0, 'serve did not exit 0 within 20 s of SIGTERM');
  server = undefined;
});
