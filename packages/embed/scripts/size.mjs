// The size check of the built script tag (run after `vite build`): every chunk's raw and brotli
// (quality 11) size, then what each kind of page downloads — the loader, plus the static-import
// closure of each chunk the loader imports for that page — walked through Vite's manifest (which
// chunk imports which) and the build's `.vite/sources.json` (which chunk holds each tag: several
// tags share the panel's chunk). Exits 1 when a budget is exceeded. The 19 KB of a page with only
// <mc-points-balance> is printed as a target, not enforced: the mandated client (ky + the zod/mini
// contract, 12 KB), Lit (5 KB) and the loader (2.6 KB) come to that much before any element (see
// docs/embed.md#size), as the elements' size script prints its own 16 KB target. `--json` prints the figures as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const read = (file) => JSON.parse(readFileSync(join(dist, '.vite', file), 'utf8'));
const manifest = read('manifest.json');
const sources = read('sources.json');
const KB = 1024;
const BUDGETS = { loader: 3 * KB, launcher: 6 * KB, all: 50 * KB };
const TARGETS = { pointsBalance: 19 * KB };

/** Per file: the files it imports statically and dynamically. */
const graph = new Map();
for (const entry of Object.values(manifest)) {
  const files = (keys) => (keys ?? []).map((key) => manifest[key].file);
  graph.set(entry.file, { imports: files(entry.imports), dynamicImports: files(entry.dynamicImports) });
}

const size = new Map();
for (const file of graph.keys()) {
  const bytes = readFileSync(join(dist, file));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  size.set(file, { raw: bytes.length, brotli });
}

/** The file holding one of the embed's modules (`src/tags/coupons.ts`…). */
function fileOf(source) {
  const file = sources[source];
  if (!file || !graph.has(file)) throw new Error(`${source} is in no chunk of the manifest`);
  return file;
}
/**
 * The files a chunk needs before it runs: itself and its static imports, transitively; with
 * `lazy`, everything it can ever load, lazily loaded chunks included.
 */
function closure(file, lazy = false, files = new Set()) {
  if (files.has(file)) return files;
  files.add(file);
  const { imports, dynamicImports } = graph.get(file);
  for (const imported of lazy ? [...imports, ...dynamicImports] : imports) closure(imported, lazy, files);
  return files;
}
const total = (files) => [...files].reduce((sum, file) => sum + size.get(file).brotli, 0);
const union = (...sets) => new Set(sets.flatMap((set) => [...set]));

const LOADER = fileOf('src/embed.ts');
const RUNTIME = closure(fileOf('src/runtime.ts'));
const tag = (name) => closure(fileOf(`src/tags/${name}.ts`));
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

// Per page: the loader, the runtime chunk (client, Lit, the elements' base) and the tag's chunk with
// their static imports (a launcher page first loads only the stand-in button).
const tags = Object.keys(sources)
  .filter((source) => /^src\/tags\/[\w-]+\.ts$/.test(source) && source !== 'src/tags/define.ts')
  .map((source) => source.slice('src/tags/'.length, -'.ts'.length))
  .sort();
const scenarios = [];
const check = (label, files, budget, enforced = true) =>
  scenarios.push({ label, brotli: total(files), budget, enforced, chunks: files.size });
check('embed.js alone (the loader)', loader, BUDGETS.loader);
// Until hover, focus, a click or the browser's first idle moment: the loader and the stand-in button, nothing else
// (the embed tests check that the page has requested exactly these files).
const standIn = union(loader, closure(fileOf('src/launcher-stand-in.ts')));
check('only the launcher, until hover or idle', standIn, BUDGETS.launcher);
// Then the client and the real <mc-launcher> (which shows the member's points)… (one chunk holds the
// launcher and its panel: the launcher fetches the panel on idle anyway, so the next two are one figure)
const button = union(standIn, RUNTIME, tag('launcher'));
check('the launcher after hover or idle', button);
// …and, on its own idle moment or a click, the panel with every element inside it, and floating-ui.
check('the launcher, panel open', union(button, tag('member-center'), closure(fileOf('@floating-ui/dom'))));
for (const name of tags.filter((t) => t !== 'launcher')) {
  check(
    `only <mc-${name}>`,
    union(loader, RUNTIME, tag(name)),
    name === 'points-balance' ? TARGETS.pointsBalance : undefined,
    name !== 'points-balance',
  );
}
// The member center is every chunk the loader can load but those of the elements a merchant puts
// on a page of their own — the checkout's points discount, the lottery's engagement page — which
// are no part of it (its own "only <mc-…>" figure above); everything together is printed beside it.
const CHECKOUT_TAGS = ['points-discount', 'lottery'];
const checkoutOnly = new Set(CHECKOUT_TAGS.map((name) => fileOf(`src/tags/${name}.ts`)));
const everything = closure(LOADER, true);
check(
  'the whole member center, every chunk',
  new Set([...everything].filter((f) => !checkoutOnly.has(f))),
  BUDGETS.all,
);
check('every chunk, with the checkout and lottery elements', everything);

if (json) console.log(JSON.stringify({ chunks: Object.fromEntries(size), scenarios }, null, 2));
else {
  console.log('\nPages (brotli of everything each page downloads; lazy chunks only where named):\n');
  for (const { label, brotli, budget, enforced, chunks } of scenarios) {
    const over = budget !== undefined && brotli > budget;
    const verdict = budget === undefined ? '    ' : !over ? 'ok  ' : enforced ? 'OVER' : 'over';
    const limit = budget === undefined ? '' : ` of ${kb(budget)}${enforced ? '' : ' (target)'}`;
    console.log(`  ${verdict} ${label.padEnd(42)}${kb(brotli).padStart(10)}${limit}  (${chunks} files)`);
  }
}
const failed = scenarios.some(({ brotli, budget, enforced }) => enforced && budget !== undefined && brotli > budget);
process.exit(failed ? 1 : 0);
