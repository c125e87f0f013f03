// Measures in Chromium and prints (a benchmark, not a timed test: machines differ) the first
// render of <mc-points-balance> from a warm store (budget: within one frame) and of
// <mc-rewards-bazaar> with a 10,000-reward catalog paged like the API (budget: ≤ 150 ms,
// ≤ 300 DOM nodes, counted as elements in the shadow root).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = await mkdtemp(join(root, '.bench-'));
const COUNT = 10_000;
const RUNS = 7;

try {
  await build({
    entryPoints: [join(root, 'bench/render-bench.ts')],
    bundle: true,
    // The workspace's packages from their TypeScript sources.
    conditions: ['@member-center/source'],
    splitting: true,
    format: 'esm',
    minify: true,
    outdir: out,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  const server = createServer(async (req, res) => {
    if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      res.end(
        '<!doctype html><html lang="en"><body><script type="module" src="/render-bench.js"></script></body></html>',
      );
      return;
    }
    try {
      const body = await readFile(join(out, req.url.slice(1)));
      res.setHeader('content-type', extname(req.url) === '.js' ? 'text/javascript' : 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    await page.evaluate(() => window.runBalance()); // cold: first styles, first templates
    const balances = [];
    for (let i = 0; i < RUNS; i++) balances.push(await page.evaluate(() => window.runBalance()));
    const balanceMs = balances.map((r) => r.ms).sort((a, b) => a - b);
    const balanceOk = balances.every((r) => r.onFirstFrame);
    console.log('<mc-points-balance> from a warm store (Chromium, minified bundle)');
    console.log(
      `  first render: median ${balanceMs[Math.floor(RUNS / 2)].toFixed(1)} ms, max ${balanceMs.at(-1).toFixed(1)} ms (${RUNS} runs); the balance on the first frame: ${balanceOk ? 'every run' : 'NOT every run'}`,
    );
    const first = await page.evaluate((n) => window.runBench(n), COUNT); // cold: first styles, first templates
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await page.evaluate((n) => window.runBench(n), COUNT));
    const times = runs.map((r) => r.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`<mc-rewards-bazaar> with ${COUNT.toLocaleString('en')} rewards (Chromium, minified bundle)`);
    console.log(`  first render, cold: ${first.ms.toFixed(1)} ms`);
    console.log(
      `  first render, warm: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)} (${RUNS} runs)`,
    );
    console.log(`  DOM after settling: ${runs[0].elements} elements in the shadow root; ${runs[0].cards} cards`);
    console.log(`  all nodes under the element, incl. text and Lit's comment markers: ${runs[0].nodes}`);
    const ok = balanceOk && first.ms <= 150 && median <= 150 && runs[0].elements <= 300;
    console.log(`  budgets (balance on the first frame; bazaar ≤ 150 ms, ≤ 300 elements): ${ok ? 'ok' : 'OVER'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
