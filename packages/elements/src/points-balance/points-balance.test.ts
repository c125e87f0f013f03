import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { McErrorEvent, McJoinEvent } from '../events.js';
import { setDefaultClient } from '../internal/client.js';
import { hasState, mountUntilError, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryApiError, MemoryClient } from '../testing/index.js';
import type { McPointsBalance } from './points-balance.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<McPointsBalance> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><mc-points-balance .client=${client}></mc-points-balance></div>`,
  );
  return wrapper.querySelector('mc-points-balance')!;
}

const settled = (el: McPointsBalance) => waitFor(() => !hasState(el, 'loading') && el, 'data to load');

describe('<mc-points-balance>', () => {
  afterEach(async () => {
    setDefaultClient(undefined);
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows a member their balance, its cash value and lifetime points', async () => {
    const el = await mount(MemoryClient.member(1240, { lifetimeEarned: 2300 }));
    await settled(el);
    expect(hasState(el, 'member')).to.be.true;
    expect(part(el, '[part=value]').textContent).to.equal('1,240');
    expect(visibleText(el)).to.equal('Points balance 1,240 Worth CN¥12.40 2,300 earned in total');
    await expect(el).to.be.accessible();
  });

  it('leaves the cash value out when points have no cash value', async () => {
    const el = await mount(MemoryClient.member(800, { program: { pointValue: null } }));
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part=cash]')).to.equal(null);
    expect(visibleText(el)).to.equal('Points balance 800 800 earned in total');
  });

  it('shows a skeleton of the final size while loading, so nothing shifts', async () => {
    const client = MemoryClient.loadingForever();
    const el = await mount(client);
    expect(hasState(el, 'loading')).to.be.true;
    expect(part(el, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelectorAll('.skeleton').length).to.equal(3);
    await expect(el).to.be.accessible();
    const loadingBox = el.getBoundingClientRect();

    client.release();
    await settled(el);
    expect(hasState(el, 'member')).to.be.true;
    const box = el.getBoundingClientRect();
    expect(Math.abs(box.height - loadingBox.height)).to.be.lessThan(1);
  });

  it('asks a guest to join, and lets the page replace the prompt', async () => {
    const el = await mount(MemoryClient.guest());
    await el.updateComplete;
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal('Points balance Join to earn points on every order.');
    await expect(el).to.be.accessible();

    const custom = await fixture<McPointsBalance>(
      html`<mc-points-balance .client=${MemoryClient.guest()}><a slot="guest" href="/join">Sign up</a></mc-points-balance>`,
    );
    expect(visibleText(custom)).to.equal('Points balance Sign up');
  });

  it('gives a guest the program’s Join and Log in links; join-url wins; mc-join can take over (SPA)', async () => {
    const client = MemoryClient.guest({
      program: { joinUrl: 'https://shop.example/register', loginUrl: 'https://shop.example/login' },
    });
    const el = await mount(client);
    await waitFor(() => el.shadowRoot!.querySelector('a[part~=join-link]'), 'the join link');
    expect(visibleText(el)).to.equal('Points balance Join to earn points on every order. Join Log in');
    const links = () => [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links()).to.deep.equal(['https://shop.example/register', 'https://shop.example/login']);
    await expect(el).to.be.accessible();

    el.joinUrl = '/join?from=balance';
    await el.updateComplete;
    expect(links()).to.deep.equal(['/join?from=balance', 'https://shop.example/login']);

    // A single-page app cancels the event and routes itself: the link is not followed.
    const heard: McJoinEvent[] = [];
    const route = (event: McJoinEvent) => {
      heard.push(event);
      event.preventDefault();
    };
    document.addEventListener('mc-join', route);
    try {
      const login = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~=login-link]')!;
      login.focus();
      await sendKeys({ press: 'Enter' });
      expect(heard.map((e) => [e instanceof McJoinEvent, e.action, e.url, e.composed])).to.deep.equal([
        [true, 'login', 'https://shop.example/login', true],
      ]);
      expect(location.pathname).not.to.equal('/login');
    } finally {
      document.removeEventListener('mc-join', route);
    }

    const zh = await fixture<McPointsBalance>(
      html`<mc-points-balance lang="zh-CN" .client=${client}></mc-points-balance>`,
    );
    await waitFor(() => zh.shadowRoot!.querySelector('a'), 'the zh-CN links');
    expect(visibleText(zh)).to.contain('加入会员 登录');
  });

  it('shows the empty state to a member with no points yet', async () => {
    const el = await mount(MemoryClient.member(0, { lifetimeEarned: 0 }));
    await settled(el);
    expect(hasState(el, 'empty')).to.be.true;
    expect(visibleText(el)).to.contain('No points yet — your first order earns some.');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a Retry button that works from the keyboard', async () => {
    const client = MemoryClient.failing(new MemoryApiError(503, 'internal_error'));
    const { el, event } = await mountUntilError('mc-points-balance', client);
    expect(event).to.be.instanceOf(McErrorEvent);
    expect(event.operation).to.equal('load');
    expect((event.error as MemoryApiError).status).to.equal(503);

    await waitFor(() => hasState(el, 'error'), 'error state');
    expect(part(el, '[role=alert]').textContent).to.contain('We couldn’t load this right now.');
    await expect(el).to.be.accessible();

    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'member'), 'member state after retry');
    expect(part(el, '[part=value]').textContent).to.equal('1,240');
  });

  it('counts up to a new balance and announces it politely', async () => {
    const client = MemoryClient.member(1000);
    const el = await mount(client);
    await settled(el);
    const live = part(el, '[role=status]');
    expect(live.getAttribute('aria-live')).to.equal('polite');
    expect(live.textContent).to.equal('');

    client.setPoints(1500);
    await el.updateComplete;
    expect(live.textContent).to.equal('Your points balance is now 1,500.');
    const seen = new Set<string>();
    await waitFor(() => {
      seen.add(part(el, '[part=value]').textContent!);
      return seen.has('1,500');
    }, 'the count-up to finish');
    // Intermediate figures were shown on the way up.
    expect([...seen].some((figure) => figure !== '1,000' && figure !== '1,500')).to.be.true;
  });

  it('jumps straight to the new balance when the user prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const client = MemoryClient.member(1000);
    const el = await mount(client);
    await settled(el);
    client.setPoints(1500);
    await el.updateComplete;
    expect(part(el, '[part=value]').textContent).to.equal('1,500');
  });

  it('speaks Chinese under lang="zh-CN" and follows a lang change', async () => {
    const el = await mount(MemoryClient.member(1240, { lifetimeEarned: 2300 }), 'zh-CN');
    await settled(el);
    expect(visibleText(el)).to.equal('积分余额 1,240 可抵 ¥12.40 累计获得 2,300 积分');
    el.parentElement!.setAttribute('lang', 'en-GB');
    await waitFor(() => visibleText(el).startsWith('Points balance'), 'English after the lang change');
    expect(visibleText(el)).to.contain('2,300 earned in total');
  });

  it('finds its client on a <mc-provider>, else the page default; its own .client wins', async () => {
    const provided = MemoryClient.member(111);
    const wrapper = await fixture<HTMLElement>(
      html`<mc-provider .client=${provided}><mc-points-balance></mc-points-balance></mc-provider>`,
    );
    const inProvider = wrapper.querySelector('mc-points-balance')!;
    await waitFor(() => part(inProvider, '[part=base]').textContent?.includes('111'), 'provided client');

    const own = MemoryClient.member(222);
    inProvider.client = own;
    await waitFor(() => part(inProvider, '[part=value]').textContent === '222', 'own client');

    const lone = await fixture<McPointsBalance>(html`<mc-points-balance></mc-points-balance>`);
    expect(hasState(lone, 'loading')).to.be.true;
    setDefaultClient(MemoryClient.member(333));
    await waitFor(() => lone.shadowRoot!.querySelector('[part=value]')?.textContent === '333', 'default client');
  });

  it('lists pending and soon-expiring points with their dates, in a list a screen reader can count', async () => {
    const el = await mount(
      MemoryClient.member(1240, {
        lifetimeEarned: 2300,
        pending: [{ points: 120, availableAt: '2026-12-03T12:00:00.000Z' }],
        expiring: [{ points: 80, expiresAt: '2026-12-01T12:00:00.000Z' }],
      }),
    );
    await settled(el);
    const notes = part(el, 'ul[part=notes]');
    expect([...notes.children].map((li) => li.getAttribute('part'))).to.deep.equal(['pending', 'expiring']);
    expect(part(el, '[part=pending]').textContent!.trim()).to.equal('+120 pending, available Dec 3');
    expect(part(el, '[part=expiring]').textContent!.trim()).to.equal('80 points expire on Dec 1');
    expect(visibleText(el)).to.equal(
      'Points balance 1,240 Worth CN¥12.40 2,300 earned in total +120 pending, available Dec 3 80 points expire on Dec 1',
    );
    await expect(el).to.be.accessible();
  });

  it('sums several pending or expiring lots and names the first; one point is singular', async () => {
    const el = await mount(
      MemoryClient.member(1240, {
        pending: [
          { points: 120, availableAt: '2026-12-03T12:00:00.000Z' },
          { points: 1180, availableAt: '2026-12-09T12:00:00.000Z' },
        ],
        expiring: [
          { points: 80, expiresAt: '2026-12-01T12:00:00.000Z' },
          { points: 20, expiresAt: '2026-12-20T12:00:00.000Z' },
        ],
      }),
    );
    await settled(el);
    expect(part(el, '[part=pending]').textContent!.trim()).to.equal('+1,300 pending, the first 120 available Dec 3');
    expect(part(el, '[part=expiring]').textContent!.trim()).to.equal('100 points expire soon, the first 80 on Dec 1');

    const one = await mount(
      MemoryClient.member(5, { expiring: [{ points: 1, expiresAt: '2027-01-02T12:00:00.000Z' }] }),
    );
    await settled(one);
    expect(part(one, '[part=expiring]').textContent!.trim()).to.equal('1 point expires on Jan 2');
  });

  it('hides pending or expiring points on request (no-pending, no-expiring)', async () => {
    const client = MemoryClient.member(1240, {
      pending: [{ points: 120, availableAt: '2026-12-03T12:00:00.000Z' }],
      expiring: [{ points: 80, expiresAt: '2026-12-01T12:00:00.000Z' }],
    });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><mc-points-balance no-pending .client=${client}></mc-points-balance></div>`,
    );
    const el = wrapper.querySelector('mc-points-balance')!;
    await settled(el);
    expect(el.noPending).to.be.true;
    expect(el.shadowRoot!.querySelector('[part=pending]')).to.equal(null);
    expect(part(el, '[part=expiring]').textContent).to.contain('80 points');

    el.noExpiring = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=notes]')).to.equal(null);
    expect(visibleText(el)).to.equal('Points balance 1,240 Worth CN¥12.40 1,240 earned in total');
  });

  it('shows points owed from a refund, and leaves out a debt of zero', async () => {
    const el = await mount(MemoryClient.member(0, { lifetimeEarned: 500, debt: 50 }));
    await settled(el);
    expect(part(el, '[part=debt]').textContent).to.equal('50 points owed from a refund; new points pay it off first');
    await expect(el).to.be.accessible();

    const none = await mount(MemoryClient.member(10, { debt: 0 }));
    await settled(none);
    expect(none.shadowRoot!.querySelector('[part=notes]')).to.equal(null);
  });

  it('a new member whose first order is still pending is not "empty"', async () => {
    const el = await mount(
      MemoryClient.member(0, { lifetimeEarned: 0, pending: [{ points: 99, availableAt: '2026-12-03T12:00:00.000Z' }] }),
    );
    await settled(el);
    expect(hasState(el, 'member')).to.be.true;
    expect(visibleText(el)).not.to.contain('No points yet');
    expect(part(el, '[part=pending]').textContent!.trim()).to.equal('+99 pending, available Dec 3');
  });

  it('says pending, expiring and owed points in Chinese with Chinese dates', async () => {
    const el = await mount(
      MemoryClient.member(1240, {
        lifetimeEarned: 2300,
        pending: [{ points: 120, availableAt: '2026-12-03T12:00:00.000Z' }],
        expiring: [
          { points: 80, expiresAt: '2026-12-01T12:00:00.000Z' },
          { points: 20, expiresAt: '2026-12-20T12:00:00.000Z' },
        ],
        debt: 30,
      }),
      'zh-CN',
    );
    await settled(el);
    expect(part(el, '[part=pending]').textContent!.trim()).to.equal('+120 待生效积分，12月3日 到账');
    expect(part(el, '[part=expiring]').textContent!.trim()).to.equal('100 积分即将过期，其中 80 积分于 12月1日 过期');
    expect(part(el, '[part=debt]').textContent).to.equal('退款待抵扣 30 积分，新获得的积分将优先抵扣');
    await expect(el).to.be.accessible();
  });

  it('is themed with --mc-* properties and ::part, dark on request', async () => {
    const el = await mount(MemoryClient.member(5));
    await settled(el);
    const base = part(el, '[part=base]');
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(29, 28, 34)');
    await expect(el).to.be.accessible();
    el.style.setProperty('--mc-color-surface', 'rgb(1, 2, 3)');
    el.style.setProperty('--mc-points-balance-value-color', 'rgb(200, 0, 0)');
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(part(el, '[part=value]')).color).to.equal('rgb(200, 0, 0)');
  });

  it('follows the system colour scheme with theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const el = await mount(MemoryClient.member(5));
      await settled(el);
      expect(getComputedStyle(part(el, '[part=base]')).backgroundColor).to.equal('rgb(29, 28, 34)');
      el.theme = 'light';
      await el.updateComplete;
      expect(getComputedStyle(part(el, '[part=base]')).backgroundColor).to.equal('rgb(255, 255, 255)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
