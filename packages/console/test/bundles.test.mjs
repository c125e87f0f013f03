// The widgets' bundles hold none of the console's or its admin client's code: the elements and
// the client, built as a page would (minified, tree-shaken), carry no console route, page or
// string, while the console's own build does (so this check can fail).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONSOLE_ONLY = ['/console/api/', 'mc-console-app', 'mc-page-', 'Sign out everywhere'];

async function bundle(code) {
  const dir = mkdtempSync(join(root, '.bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, code);
    const out = await build({
      root: dir,
      logLevel: 'silent',
      configFile: false,
      resolve: { conditions: ['@member-center/source', 'browser', 'module', 'import', 'default'] },
      build: { write: false, lib: { entry, formats: ['es'], fileName: 'widgets' }, minify: true, target: 'es2022' },
    });
    return [out]
      .flat()
      .flatMap((o) => o.output)
      .map((c) => c.code ?? String(c.source))
      .join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the widgets' bundle (every element, with the client) holds none of the console's code", async () => {
  const widgets = await bundle(
    // define.ts registers every element; they bring the client (and the contract) with them.
    "import '@member-center/elements/define';\n",
  );
  assert.ok(widgets.length > 20_000, 'the bundle holds the elements');
  for (const marker of CONSOLE_ONLY) assert.ok(!widgets.includes(marker), `the widgets' bundle contains ${marker}`);
});

test("the console's build holds them (the check above can fail)", () => {
  const assets = join(root, 'dist', 'assets');
  const all = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
  for (const marker of CONSOLE_ONLY) assert.ok(all.includes(marker), `the console's build lacks ${marker}`);
});

test("the console's sizes (brotli): the sign-in page, the members page, everything", () => {
  const assets = join(root, 'dist', 'assets');
  const files = readdirSync(assets);
  const size = (prefixes) =>
    files
      .filter((f) => prefixes.some((p) => f.startsWith(`${p}-`)))
      .reduce(
        (n, f) =>
          n +
          brotliCompressSync(readFileSync(join(assets, f)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
            .length,
        0,
      );
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const first = size(['index', 'login']);
  const members = size(['index', 'page', 'members']);
  const total = size(files.map((f) => f.replace(/-[\w-]{8}\.\w+$/, '')));
  console.log(
    `console: sign-in ${kb(first)}, members ${kb(members)}, all pages ${kb(total)} (brotli, ${files.length} files)`,
  );
  assert.ok(first < total, 'pages are split from the entry');
});
