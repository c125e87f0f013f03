// Bundles each element (minified, with lit) and the whole set (with the real client), then
// prints brotli (quality 11) sizes per entry: what loads up front, what loads lazily, and each
// element's own share beyond lit. Exits non-zero when the four elements + lit + client exceed
// 40 KB; the 16 KB target of a page with only <mc-points-balance> (and the client it needs) is
// printed, not enforced: the client alone weighs about that much.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const KB = 1024;
const BUDGETS = { all: 40 * KB, pointsPage: 16 * KB };

const elements = {
  'mc-points-balance': ['McPointsBalance', 'points-balance/points-balance.ts'],
  'mc-tier-progress': ['McTierProgress', 'tier-progress/tier-progress.ts'],
  'mc-rewards-bazaar': ['McRewardsBazaar', 'rewards-bazaar/rewards-bazaar.ts'],
  'mc-referral-share': ['McReferralShare', 'referral-share/referral-share.ts'],
};

// The rest of the set, measured each on its own (not in "all four"). <mc-member-center> renders the
// other elements without importing them; the launcher imports only its button and loads the panel
// (the member center and its tabs' elements, via member-center/define-panel.ts, plus floating-ui)
// with a dynamic import: its "lazy" column.
const panelElements = {
  'mc-points-history': ['McPointsHistory', 'points-history/points-history.ts'],
  'mc-coupons': ['McCoupons', 'coupons/coupons.ts'],
  'mc-check-in': ['McCheckIn', 'check-in/check-in.ts'],
  'mc-member-center': ['McMemberCenter', 'member-center/member-center.ts'],
  'mc-launcher': ['McLauncher', 'launcher/launcher.ts'],
  // A checkout page's element: its own chunk, in neither the four nor the panel.
  'mc-points-discount': ['McPointsDiscount', 'points-discount/points-discount.ts'],
};

const define = (tag) => {
  const [name, file] = elements[tag] ?? panelElements[tag];
  return `import { ${name} } from ${JSON.stringify(join(src, file))};\ncustomElements.define('${tag}', ${name});\n`;
};

const entries = {
  lit: `import { LitElement, html, css } from 'lit';\nclass X extends LitElement { static styles = css\`:host{display:block}\`; render() { return html\`<p>x</p>\`; } }\ncustomElements.define('x-x', X);\n`,
  ...Object.fromEntries(Object.keys(elements).map((tag) => [tag, define(tag)])),
  ...Object.fromEntries(Object.keys(panelElements).map((tag) => [tag, define(tag)])),
  client: `import { createClient } from '@member-center/client';\nglobalThis.mc = createClient;\n`,
  'mc-points-balance + client': `${define('mc-points-balance')}import { createClient } from '@member-center/client';\nglobalThis.mc = createClient;\n`,
  'all four': Object.keys(elements).map(define).join(''),
  'all four + client': `${Object.keys(elements).map(define).join('')}import { createClient } from '@member-center/client';\nglobalThis.mc = createClient;\n`,
};

const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function measure(name, code) {
  // Inside the package so bare imports (lit, the client) resolve from its node_modules.
  const dir = await mkdtemp(join(root, '.size-'));
  try {
    const entry = join(dir, 'entry.ts');
    await writeFile(entry, code);
    const { metafile } = await build({
      entryPoints: [entry],
      bundle: true,
      // The workspace's packages from their TypeScript sources.
      conditions: ['@member-center/source'],
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      outdir: join(dir, 'out'),
      metafile: true,
      legalComments: 'none',
      // The base config holds experimentalDecorators + useDefineForClassFields: false (Lit's decorators).
      tsconfig: join(root, 'tsconfig.json'),
      absWorkingDir: root,
      logLevel: 'error',
    });
    // Walk static imports from the entry: those load up front; every other chunk loads lazily.
    const outputs = metafile.outputs;
    const entryOut = Object.keys(outputs).find((file) => outputs[file].entryPoint);
    const upFront = new Set();
    const visit = (file) => {
      if (upFront.has(file)) return;
      upFront.add(file);
      for (const imported of outputs[file].imports) if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(entryOut);
    let initial = 0;
    let lazy = 0;
    for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
      const size = brotli(await readFile(join(root, file)));
      if (upFront.has(file)) initial += size;
      else lazy += size;
    }
    return { name, initial, lazy, total: initial + lazy, chunks: Object.keys(outputs).length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const rows = [];
for (const [name, code] of Object.entries(entries)) rows.push(await measure(name, code));
const lit = rows.find((row) => row.name === 'lit');

console.log(
  "Brotli (q11) of minified ESM bundles; lazy = chunks loaded by dynamic import (the QR code; the launcher's panel).\n",
);
console.log(
  `${'entry'.padEnd(28)}${'up front'.padStart(10)}${'lazy'.padStart(10)}${'total'.padStart(10)}${'own share'.padStart(12)}`,
);
for (const row of rows) {
  // The client alone holds no lit: its own share is all of it.
  const own = row.name === 'lit' ? '' : kb(row.name === 'client' ? row.total : row.total - lit.total);
  console.log(
    `${row.name.padEnd(28)}${kb(row.initial).padStart(10)}${kb(row.lazy).padStart(10)}${kb(row.total).padStart(10)}${own.padStart(12)}`,
  );
}

const all = rows.find((row) => row.name === 'all four + client');
const pointsPage = rows.find((row) => row.name === 'mc-points-balance + client');
const client = rows.find((row) => row.name === 'client');
console.log('\nBudgets:');
const failed = all.total > BUDGETS.all;
console.log(
  `  ${failed ? 'OVER' : 'ok  '} four elements + lit + client, incl. lazy chunks: ${kb(all.total)} of ${kb(BUDGETS.all)}`,
);
// Reported, not enforced: lit + the client (ky, zod/mini and the contract) already come near it.
console.log(
  `  ${pointsPage.total <= BUDGETS.pointsPage ? 'ok  ' : 'over'} a page with only <mc-points-balance>, incl. the client: ${kb(pointsPage.total)} (target ${kb(BUDGETS.pointsPage)}, not enforced; lit ${kb(lit.total)} + client ${kb(client.total)} alone)`,
);
const launcher = rows.find((row) => row.name === 'mc-launcher');
console.log(
  `  info <mc-launcher>: ${kb(launcher.initial)} up front (the button), ${kb(launcher.lazy)} loaded with the panel`,
);
console.log(`\n(measured from ${relative(process.cwd(), root) || '.'}; "own share" = total minus lit alone)`);
process.exit(failed ? 1 : 0);
