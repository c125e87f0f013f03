// End to end, as a shopper and a merchant would see it: `pnpm start` (API + demo shop) in a
// fresh data folder, Debian's Chromium driven by playwright-core. Screenshots of the main
// states land in test-output/.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = new URL('../../', import.meta.url).pathname;
const SHOP = 'http://localhost:8788';
const API = 'http://localhost:8787';
const SHOTS = join(ROOT, 'test-output/e2e');

let stack: ChildProcess;
let browser: Browser;
let dataDir: string;
/** What `pnpm start` printed (the demo owner's console password is in it). */
let startOutput = '';

/** Starts `pnpm start` in a fresh data folder and waits until it says it is running. */
function startStack() {
  dataDir = mkdtempSync(join(tmpdir(), 'mc-e2e-'));
  const child = spawn('pnpm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, MC_DATA_DIR: dataDir, DATABASE_URL: '' },
    detached: true,
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      startOutput = out;
      if (out.includes('Stop with Ctrl+C')) resolve(child);
    });
    child.stderr!.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => reject(new Error(`pnpm start exited with ${code}:\n${out}`)));
  });
}

function stopStack() {
  if (stack.exitCode !== null) return Promise.resolve();
  const exited = new Promise((done) => stack.once('exit', done));
  process.kill(-stack.pid!, 'SIGTERM');
  return exited;
}

const contexts: BrowserContext[] = [];
async function newPage() {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|TrustedHTML|Trusted Type/i.test(m.text()))
      problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const balanceText = (page: Page) => page.locator('mc-points-balance [part~="value"]').textContent();
const points = (text: string | null) => Number(/([\d,]+)/.exec(text ?? '')?.[1]?.replaceAll(',', ''));
/** The shop with the demo member logged in, and the balance it shows. */
async function memberPage() {
  const { page, problems } = await newPage();
  await page.goto(SHOP);
  await page.getByRole('button', { name: 'Log in as the demo member' }).click();
  await page.locator('mc-points-balance').getByText(/\d/).first().waitFor();
  return { page, problems, before: points(await balanceText(page)) };
}

describe('the demo shop end to end', { timeout: 240_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        // The page with the script tag pasted twice is fulfilled by the test, so it has no address
        // space of its own, and Chromium would refuse its requests to the API on localhost.
        '--disable-features=LocalNetworkAccessChecks',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  after(async () => {
    await browser?.close();
    await stopStack();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the guest view, then the member view after logging in, under a strict CSP', async () => {
    const { page, problems } = await newPage();
    await page.goto(SHOP);
    await page
      .locator('mc-points-balance')
      .getByText(/join|log in/i)
      .first()
      .waitFor();
    await shot(page, '1-guest');

    await page.getByRole('button', { name: 'Log in as the demo member' }).click();
    await page.locator('mc-points-balance [part~="value"]', { hasText: '1,240' }).waitFor();
    await page.locator('mc-tier-progress').getByText('Silver').first().waitFor();
    await shot(page, '2-member');
    assert.deepEqual(problems, [], 'no console error and no CSP or Trusted Types violation');
  });

  it('an order earns points and every widget updates without a reload', async () => {
    const { page, problems, before } = await memberPage();
    await page.locator('li', { hasText: 'Tasting box' }).getByRole('button', { name: 'Buy' }).click();
    await page
      .getByRole('status')
      .getByText(/Order placed/)
      .waitFor();
    // ¥1,299 at Silver (1.25×) is 1,623 points, which lifts the member to Gold.
    const expected = (before + 1623).toLocaleString('en');
    await page.locator('mc-points-balance [part~="value"]', { hasText: expected }).waitFor();
    await page.locator('mc-tier-progress').getByText('Gold').first().waitFor();
    await shot(page, '3-after-order');
    assert.deepEqual(problems, []);
  });

  it('checks in once a day: the points land in every widget and a reload still says "checked in"', async () => {
    const { page, problems, before } = await memberPage();
    // The demo program gives 5 points a day.
    await page
      .locator('mc-check-in')
      .getByRole('button', { name: /Check in \+5/ })
      .click();
    await page.locator('mc-check-in').getByText('Checked in today').first().waitFor();
    await page.locator('mc-points-balance [part~="value"]', { hasText: (before + 5).toLocaleString('en') }).waitFor();
    await shot(page, '3b-checked-in');

    await page.reload();
    await page.locator('mc-check-in').getByText('Checked in today').first().waitFor();
    await page.locator('mc-points-balance [part~="value"]', { hasText: (before + 5).toLocaleString('en') }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('redeems in the bazaar; the coupon code shows and the balance drops everywhere', async () => {
    const { page, problems, before } = await memberPage();
    const card = page.locator('mc-rewards-bazaar').locator('[part~="card"]', { hasText: 'Free shipping' });
    await card.getByRole('button', { name: /redeem/i }).click();
    await page
      .locator('mc-rewards-bazaar')
      .getByRole('dialog')
      .getByRole('button', { name: /redeem|confirm/i })
      .click();
    const code = page.locator('mc-rewards-bazaar').getByText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await code.waitFor();
    await page
      .locator('mc-points-balance')
      .getByText((before - 300).toLocaleString('en'))
      .first()
      .waitFor();
    await shot(page, '4-redeemed');
    assert.deepEqual(problems, []);
  });

  it('redeems in the launcher panel; the coupon shows in Coupons', async () => {
    const { page, problems } = await newPage();
    await page.goto(SHOP);
    await page.getByRole('button', { name: 'Log in as the demo member' }).click();
    const launcher = page.locator('mc-launcher [part~="button"]');
    await launcher.getByText(/points/).waitFor();
    await launcher.click();
    const panel = page.getByRole('dialog', { name: 'Member center' });
    await panel.waitFor();
    await panel.getByRole('tab', { name: 'Rewards' }).click();
    const card = panel.locator('[part~="card"]', { hasText: 'Free shipping' });
    await card.getByRole('button', { name: /redeem/i }).click();
    await panel
      .getByRole('dialog')
      .getByRole('button', { name: /redeem|confirm/i })
      .click();
    const code = (await panel
      .getByText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
      .first()
      .textContent())!.trim();
    await shot(page, '5-launcher-redeemed');
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.getByRole('tab', { name: 'Coupons' }).click();
    await panel.locator('mc-coupons').getByText(code).waitFor();
    await shot(page, '6-coupons');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.deepEqual(problems, []);
  });

  it('closes the loop at checkout: points become a code, the order uses it, Coupons shows it used', async () => {
    const { page, problems, before } = await memberPage();
    const discount = page.locator('mc-points-discount');
    await discount.getByRole('slider').waitFor();
    // 300 points (¥3.00): the slider moves in the program's steps of 100.
    await discount.getByRole('slider').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await discount.getByText('CN¥3.00 off your order').waitFor();
    await discount.getByRole('button', { name: /Get a CN¥3\.00 code/ }).click();
    const code = (await discount.locator('[part~="code"]').textContent())!.trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The points are held: out of the balance at once.
    await page.locator('mc-points-balance [part~="value"]', { hasText: (before - 300).toLocaleString('en') }).waitFor();
    assert.equal(await page.locator('#coupon').inputValue(), code, 'the code fills the coupon field');
    await shot(page, '8-points-discount');

    // ¥99.00 − ¥3.00 at Gold (1.5×, reached earlier in this run) or Silver: the shop pays the rest.
    await page.locator('li', { hasText: 'Green tea' }).getByRole('button', { name: 'Buy' }).click();
    await page.getByRole('status').getByText(`Order placed with coupon ${code} (−¥3.00)`, { exact: false }).waitFor();

    // Using it again (another checkout) is refused.
    await page.locator('#coupon').fill(code.toLowerCase());
    await page.locator('li', { hasText: 'Green tea' }).getByRole('button', { name: 'Buy' }).click();
    await page
      .getByRole('status')
      .getByText(/already used/)
      .waitFor();

    await page.locator('mc-launcher [part~="button"]').click();
    const panel = page.getByRole('dialog', { name: 'Member center' });
    await panel.getByRole('tab', { name: 'Coupons' }).click();
    const used = panel.locator('mc-coupons [part~="ended"] [part~="coupon"]', { hasText: code });
    await used.getByText('Used', { exact: true }).waitFor();
    await shot(page, '9-coupon-used');
    // The one console error is the browser logging the shop's own 422 for the second use.
    assert.deepEqual(
      problems.filter((p) => !/status of 422/.test(p)),
      [],
    );
  });

  it('the console: a wrong password refused, the printed owner signs in, adjusts points, finds the audit entry; sign out revokes', async () => {
    const [, email, password] = /sign in as (\S+) \/ (\S+);/.exec(startOutput) ?? [];
    assert.ok(email && password, `pnpm start printed no console login:\n${startOutput}`);
    const { page, problems } = await newPage();
    await page.goto(`${API}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or the password is not right.').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
    await page.goto(`${API}/console/#/member/demo-member`);
    await page.getByLabel('Points', { exact: true }).fill('15');
    await page.getByLabel('Reason', { exact: true }).fill('e2e goodwill');
    await page.getByRole('button', { name: 'Adjust', exact: true }).click();
    await page.getByText(/Done\. The balance is now/).waitFor();
    // The adjustment shows in the member's ledger and, with who made it, in their audit history.
    await page.locator('#history').getByRole('cell', { name: 'e2e goodwill' }).waitFor();
    await page.getByRole('cell', { name: 'e2e goodwill' }).nth(1).waitFor();
    await shot(page, 'console-member');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'mc_session');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const old = await fetch(`${API}/console/api/session`, { headers: { Cookie: `mc_session=${cookie.value}` } });
    assert.equal(old.status, 401, 'the old cookie is refused after sign-out');
    // The console's first look at the session (none yet) is a 401 the browser logs: expected.
    assert.deepEqual(
      problems.filter((p) => !/status of 401/.test(p)),
      [],
    );
  });

  it('the script tag pasted twice (once as another version) changes nothing and breaks nothing', async () => {
    const { page, problems } = await newPage();
    // The page as a careless merchant serves it: the script tag twice, the second from another URL.
    await page.route(`${SHOP}/`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const tag = /<script async src="\/embed\/embed.js"[^>]*><\/script>/.exec(html)![0];
      await route.fulfill({ response, body: html.replace(tag, `${tag}\n${tag.replace('embed.js', 'embed.js?v=2')}`) });
    });
    await page.goto(SHOP);
    assert.equal(await page.locator('script[src^="/embed/embed.js"]').count(), 2);
    await page.getByRole('button', { name: 'Log in as the demo member' }).click();
    await page.locator('mc-points-balance [part~="value"]', { hasText: /\d/ }).waitFor();
    assert.equal(await page.locator('mc-launcher').count(), 1, 'one launcher');
    assert.deepEqual(problems, []);
  });

  it('with the API down the shop still works and the widgets say so', async () => {
    const { page } = await newPage();
    await page.route(`${API}/**`, (route) => route.abort('connectionrefused'));
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(SHOP);
    await page
      .locator('mc-rewards-bazaar')
      .getByRole('button', { name: /try again|retry/i })
      .waitFor();
    // The shop's own script still runs: logging in works, and the member's widgets say they can't load.
    await page.getByRole('button', { name: 'Log in as the demo member' }).click();
    await page.getByText('Logged in as Ada Demo').waitFor();
    await page
      .locator('mc-points-balance')
      .getByRole('button', { name: /try again|retry/i })
      .waitFor();
    await shot(page, '7-api-down');
    assert.deepEqual(pageErrors, [], 'no uncaught error on the host page');
  });

  it('a retried redemption with the same idempotency key spends nothing', async () => {
    const token = await (
      await fetch(`${SHOP}/loyalty/token`, { headers: { Cookie: 'demo_shop_user=demo-member' } })
    ).json();
    const pk = /data-publishable-key="([^"]+)"/.exec(await (await fetch(SHOP)).text())![1]!;
    const headers = {
      'X-Publishable-Key': pk,
      Authorization: `Bearer ${token.token}`,
      'Content-Type': 'application/json',
    };
    const rewards = await (await fetch(`${API}/v1/rewards`, { headers })).json();
    const rewardId = rewards.items.find((r: { name: string }) => r.name === 'Free shipping').id;
    const redeem = () =>
      fetch(`${API}/v1/me/redemptions`, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': 'e2e-same-key' },
        body: JSON.stringify({ rewardId }),
      });
    const first = await redeem();
    const second = await redeem();
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    const a = await first.json();
    const b = await second.json();
    assert.deepEqual(b, a);
    const me = await (await fetch(`${API}/v1/me`, { headers })).json();
    assert.equal(me.points.balance, a.points.balance, 'the replay spent nothing');
  });
});
