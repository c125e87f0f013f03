// The size check of the built script tag (run after `vite build`): every chunk's raw and brotli
// (quality 11) size, then what each kind of page downloads, walked from Vite's manifest — the
// loader, plus the static-import closure of each chunk the loader imports for that page.
// Exits 1 when a budget is exceeded. `--json` prints the figures as JSON instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const KB = 1024;
const BUDGETS = { loader: 3 * KB, launcher: 6 * KB, pointsBalance: 19 * KB, all: 50 * KB };

const size = new Map();
for (const entry of Object.values(manifest)) {
  if (size.has(entry.file)) continue;
  const bytes = readFileSync(join(dist, entry.file));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  size.set(entry.file, { raw: bytes.length, brotli });
}

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key, files = new Set()) {
  const entry = manifest[key];
  if (!entry) throw new Error(`${key} is not in the manifest`);
  if (files.has(entry.file)) return files;
  files.add(entry.file);
  for (const imported of entry.imports ?? []) closure(imported, files);
  return files;
}
/** Everything a chunk can ever load, lazily loaded chunks included. */
function everything(key, files = new Set()) {
  const entry = manifest[key];
  if (files.has(entry.file)) return files;
  files.add(entry.file);
  for (const imported of [...(entry.imports ?? []), ...(entry.dynamicImports ?? [])]) everything(imported, files);
  return files;
}
const total = (files) => [...files].reduce((sum, file) => sum + size.get(file).brotli, 0);
const union = (...sets) => new Set(sets.flatMap((set) => [...set]));

const LOADER = 'src/embed.ts';
const RUNTIME = 'src/runtime.ts';
const STAND_IN = 'src/launcher-stand-in.ts';
const tagKey = (name) => `src/tags/${name}.ts`;
const loader = closure(LOADER);
if (loader.size !== 1) throw new Error('embed.js must not import other chunks statically');

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
const rows = [...size.entries()].sort(([a], [b]) =>
  a === 'embed.js' ? -1 : b === 'embed.js' ? 1 : a.localeCompare(b),
);
const json = process.argv.includes('--json');
if (!json) {
  console.log('Chunks (minified; brotli quality 11):\n');
  console.log(`${'file'.padEnd(44)}${'raw'.padStart(12)}${'brotli'.padStart(12)}`);
  for (const [file, { raw, brotli }] of rows)
    console.log(`${file.padEnd(44)}${kb(raw).padStart(12)}${kb(brotli).padStart(12)}`);
}

// Per page: the loader, the shared chunk (client + default client) and the tag's chunk with their static imports
// (a launcher page first loads only the stand-in button).
const tags = Object.keys(manifest)
  .filter((key) => key.startsWith('src/tags/') && !key.endsWith('/define.ts'))
  .map((key) => key.slice('src/tags/'.length, -'.ts'.length));
const scenarios = [];
const check = (label, files, budget) => scenarios.push({ label, brotli: total(files), budget, chunks: files.size });
check('embed.js alone (the loader)', loader, BUDGETS.loader);
if (tags.includes('launcher')) {
  // Until hover, focus, a click or the browser's first idle moment: the loader and the stand-in button, nothing else
  // (the embed tests check that the page has requested exactly these files).
  const standIn = union(loader, closure(STAND_IN));
  check('only the launcher, until hover or idle', standIn, BUDGETS.launcher);
  // Then the client and the real <mc-launcher> (which shows the member's points)…
  const button = union(standIn, closure(RUNTIME), closure(tagKey('launcher')));
  check('the launcher after hover or idle', button);
  // …and, on its own idle moment or a click, the panel with every element inside it, and floating-ui.
  const lazy = (manifest[tagKey('launcher')].dynamicImports ?? []).filter((key) => key.includes('floating-ui'));
  const panel = union(button, closure(tagKey('member-center')), ...lazy.map((key) => closure(key)));
  check('the launcher, panel open', panel);
}
for (const tag of tags.filter((t) => t !== 'launcher')) {
  const files = union(loader, closure(RUNTIME), closure(tagKey(tag)));
  check(`only <mc-${tag}>`, files, tag === 'points-balance' ? BUDGETS.pointsBalance : undefined);
}
check('the whole member center, every chunk', everything(LOADER), BUDGETS.all);

let failed = false;
if (json) console.log(JSON.stringify({ chunks: Object.fromEntries(size), scenarios }, null, 2));
else {
  console.log('\nPages (brotli of everything each page downloads; lazy chunks only where named):\n');
  for (const { label, brotli, budget, chunks } of scenarios) {
    const over = budget !== undefined && brotli > budget;
    const verdict = budget === undefined ? '    ' : over ? 'OVER' : 'ok  ';
    const limit = budget === undefined ? '' : ` of ${kb(budget)}`;
    console.log(`  ${verdict} ${label.padEnd(42)}${kb(brotli).padStart(10)}${limit}  (${chunks} files)`);
  }
}
for (const { brotli, budget } of scenarios) failed ||= budget !== undefined && brotli > budget;
if (!tags.includes('launcher')) console.log('\n  (no launcher chunk in this build: its budget is not checked)');
process.exit(failed ? 1 : 0);
