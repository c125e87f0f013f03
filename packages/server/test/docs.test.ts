// The API reference at /docs as a newcomer opens it: HTML that loads only this origin's scripts
// under a strict policy, and, in Debian's Chromium, Scalar rendering the routes and their examples.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { startTestApi, type TestApi } from './harness.js';

describe('the API reference at /docs', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);

  it('is HTML under a policy that allows scripts and connections to this origin only', async () => {
    const res = await fetch(`${api.url}/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const policy = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '').split(/;\s*/).map((d) => {
        const [name, ...values] = d.split(' ');
        return [name, values];
      }),
    );
    assert.deepEqual(policy['script-src'], ["'self'"]);
    assert.deepEqual(policy['connect-src'], ["'self'"]);
    assert.deepEqual(policy['default-src'], ["'none'"]);
    assert.deepEqual(policy['frame-ancestors'], ["'none'"]);
    const html = await res.text();
    // No inline script, and every script, style sheet or image named by the page is on this origin.
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(urls.length >= 2, html);
    for (const url of urls) assert.match(url, /^(\/(?!\/)|data:)/, `${url} is on this origin`);
    assert.equal(scriptsOf(html).length, 2);
  });

  it('serves its scripts with 200, a JavaScript type, gzip and a year of caching', async () => {
    const html = await (await fetch(`${api.url}/docs`)).text();
    for (const src of scriptsOf(html)) {
      const res = await fetch(api.url + src, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(res.status, 200, src);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
      assert.ok((await res.arrayBuffer()).byteLength > 0);
    }
    const scalar = scriptsOf(html).find((src) => src.includes('scalar'))!;
    const plain = await fetch(api.url + scalar, { headers: { 'Accept-Encoding': 'identity' } });
    const body = Buffer.from(await plain.arrayBuffer());
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.ok(body.byteLength > 1_000_000, 'the whole standalone bundle');
    const zipped = await fetch(api.url + scalar, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    // fetch unzips: the same bundle either way.
    assert.ok(Buffer.from(await zipped.arrayBuffer()).equals(body));
    assert.equal((await fetch(`${api.url}/docs/assets/nope.js`)).status, 404);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
      });
    });
    after(() => browser?.close());

    it('renders the routes with their examples, with no console error and no request elsewhere', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const problems: string[] = [];
        const elsewhere: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('request', (r) => {
          if (!r.url().startsWith(api.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
        });
        await page.goto(`${api.url}/docs`);
        await page.getByText('Record order').first().click();
        const section = page.locator('section', { hasText: 'Record an order and award its points' }).first();
        // The example answer of the demo's first order at Silver, and the request's curl line.
        await section.getByText('"pointsAwarded"').first().waitFor();
        await section.getByText('1488').first().waitFor();
        await section.getByText(`${api.url}/v1/members/demo-member/orders`).first().waitFor();
        assert.deepEqual(problems, [], colorScheme);
        assert.deepEqual(elsewhere, [], colorScheme);
        await context.close();
      }
    });
  });
});
