// Screenshots of the console (every page; desktop and tablet; en and zh-CN;
// light and dark) against a real API with the demo program, into SHOTS_DIR (default
// /tmp/console-shots). Run: node --conditions=@member-center/source --import tsx scripts/screenshots.ts
import { mkdirSync } from 'node:fs';
import { demoOperator, openDatabase, seedDemo, startServer } from '@member-center/server';
import { chromium } from 'playwright-core';

const out = process.env.SHOTS_DIR ?? '/tmp/console-shots';
mkdirSync(out, { recursive: true });
const db = await openDatabase();
const { program } = await seedDemo(db);
const owner = await demoOperator(db, program);
const server = await startServer(db, { port: 0, hostname: '127.0.0.1', rateLimits: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
});
const pages = (
  process.env.PAGES ?? 'login,overview,program,members,member,rewards,coupons,campaigns,audit,keys,webhooks,operators'
).split(',');
try {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['tablet', { width: 768, height: 1024 }],
  ] as const) {
    for (const locale of ['en', 'zh-CN']) {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, locale, colorScheme: scheme });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}/console/`);
        await page.getByLabel(/Email|邮箱/).waitFor();
        const name = (p: string) => `${out}/${p}-${device}-${locale}-${scheme}.png`;
        if (pages.includes('login')) await page.screenshot({ path: name('login'), fullPage: true });
        await page.getByLabel(/Email|邮箱/).fill(owner.email);
        await page.getByLabel(/^(Password|密码)$/).fill(owner.password);
        await page.getByRole('button', { name: /Sign in|登录/ }).click();
        await page.getByRole('navigation').waitFor();
        for (const p of pages.filter((x) => x !== 'login')) {
          await page.goto(`${server.url}/console/#/${p === 'member' ? 'member/demo-member' : p}`);
          await page.waitForTimeout(600);
          await page.screenshot({ path: name(p), fullPage: true });
        }
        if (errors.length) console.error(`${device} ${locale} ${scheme}:`, errors);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
  await db.close();
}
console.log(`screenshots in ${out}`);
