// Holds the browser bundle of the client (store, ky and the contract schemas it uses) under a
// brotli budget. Raise BUDGET only in the commit that grows the bundle, and say why.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// ky (~4.5 KB) and zod/mini's core (~5 KB) are most of it. The contract keeps request schemas
// (URLs, emails, dates) in a module the client never imports, and response schemas free of
// format checks, so only shapes ship.
const BUDGET = 14 * 1024;

const { outputFiles } = await build({
  entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
  bundle: true,
  // The workspace's packages from their TypeScript sources.
  conditions: ['@member-center/source'],
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'warning',
});
const code = outputFiles[0]!.contents;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

console.log(
  `@member-center/client: ${kb(code.length)} minified, ${kb(gzipSync(code, { level: 9 }).length)} gzip, ${kb(brotli)} brotli (budget ${kb(BUDGET)})`,
);
if (brotli > BUDGET) {
  console.error(`Over budget by ${brotli - BUDGET} bytes.`);
  process.exit(1);
}
