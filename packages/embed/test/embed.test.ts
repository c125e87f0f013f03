import { expect } from '@open-wc/testing';
import { chunkOf, cleanup, DOWN_API, EMBED, enrol, openPage, realApiScript, until, viewState } from './page.js';

const KEY = { 'data-publishable-key': 'pk_test_embed', 'data-api-url': DOWN_API };
/** The stub from docs/embed.md, as a merchant pastes it. */
const installStub = (win: Window) => {
  const w = win as unknown as { MemberCenter?: Record<string, unknown> & { q: unknown[] } };
  w.MemberCenter = w.MemberCenter || { q: [] };
  for (const name of ['identify', 'logout', 'open', 'close', 'on', 'refresh']) {
    w.MemberCenter[name] =
      w.MemberCenter[name] ||
      ((...args: unknown[]) => {
        w.MemberCenter!.q.push([name, args]);
      });
  }
};

describe('embed.js on a merchant’s page (the built script)', () => {
  afterEach(cleanup);

  it('a bad config prints one warning naming the attribute and does nothing else', async () => {
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { 'data-launcher': 'left' },
    });
    expect(page.warnings).to.deep.equal([
      '[Member Center] data-publishable-key is missing: add data-publishable-key="pk_…" to the script tag.',
    ]);
    expect(page.window.MemberCenter).to.equal(undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(page.window.customElements.get('mc-points-balance')).to.equal(undefined);
    expect(page.chunks()).to.deep.equal([]);
    expect(page.errors).to.deep.equal([]);

    const launcher = await openPage({ script: { ...KEY, 'data-launcher': 'middle' } });
    expect(launcher.warnings).to.have.length(1);
    expect(launcher.warnings[0]).to.contain('data-launcher');
  });

  it('installs window.MemberCenter and nothing else in the page’s globals', async () => {
    const page = await openPage({ script: null, html: '<mc-points-balance></mc-points-balance>' });
    const before = new Set(Object.getOwnPropertyNames(page.window));
    await page.addScript(KEY);
    await page.window.customElements.whenDefined('mc-points-balance');
    await until(() => viewState(page.document.querySelector('mc-points-balance')) === 'guest', 'the guest view');
    const added = Object.getOwnPropertyNames(page.window).filter((name) => !before.has(name));
    expect(added).to.deep.equal(['MemberCenter']);
    expect(page.window.MemberCenter?.version).to.match(/^\d+\.\d+\.\d+/);
    expect(await page.window.MemberCenter?.ready).to.equal(page.window.MemberCenter);
    // No style leaks into the page: its own stylesheets are untouched.
    expect(page.document.styleSheets.length).to.equal(0);
    expect(page.document.adoptedStyleSheets.length).to.equal(0);
  });

  it('loads only the chunks of the tags on the page, and tags added later', async () => {
    const page = await openPage({ html: '<mc-points-balance></mc-points-balance>', script: KEY });
    await page.window.customElements.whenDefined('mc-points-balance');
    const balance = page.document.querySelector('mc-points-balance') as Element & { resolvedClient?: unknown };
    expect(balance.resolvedClient, 'the default client is set before the element connects').to.exist;
    const [balanceChunk, tierChunk] = await Promise.all([
      chunkOf('src/tags/points-balance.ts'),
      chunkOf('src/tags/tier-progress.ts'),
    ]);
    expect(balanceChunk).to.not.equal(tierChunk);
    expect(page.chunks()).to.include(balanceChunk);
    expect(page.chunks()).to.not.include(tierChunk);
    expect(page.window.customElements.get('mc-tier-progress')).to.equal(undefined);

    // A single-page app renders a section later: nested tags are found too.
    const section = page.document.createElement('section');
    section.append(page.document.createElement('div'));
    section.firstElementChild!.append(page.document.createElement('mc-tier-progress'));
    page.document.body.append(section);
    await page.window.customElements.whenDefined('mc-tier-progress');
    expect(page.chunks()).to.include(tierChunk);
  });

  it('<mc-points-discount> comes in a chunk of its own: a checkout page does not load the member center', async () => {
    const page = await openPage({ html: '<mc-points-discount></mc-points-discount>', script: KEY });
    await page.window.customElements.whenDefined('mc-points-discount');
    const [discountChunk, panelChunk] = await Promise.all([
      chunkOf('src/tags/points-discount.ts'),
      chunkOf('src/tags/member-center.ts'),
    ]);
    expect(discountChunk).to.not.equal(panelChunk);
    expect(page.chunks()).to.include(discountChunk);
    expect(page.chunks()).to.not.include(panelChunk);
  });

  it('an API that is down leaves the widgets in their error state and the page working', async () => {
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { ...KEY, 'data-token': 'a.b.c' },
    });
    const errors: Event[] = [];
    page.window.MemberCenter!.on('error', (event) => errors.push(event));
    const balance = page.document.querySelector('mc-points-balance');
    await until(() => viewState(balance) === 'error', 'the error state', 7000);
    expect(balance!.matches(':state(error)')).to.equal(true);
    await until(() => errors.length > 0, 'an mc-error re-emitted through MemberCenter.on');
    expect(errors[0]!.type).to.equal('mc-error');
    expect(page.errors).to.deep.equal([]);
  });

  it('replays the stub’s queue in order, and a stub method kept from before still works', async () => {
    const seen: string[] = [];
    let earlyLogout: (() => void) | undefined;
    const page = await openPage({
      script: null,
      before: (win) => {
        installStub(win);
        const mc = win.MemberCenter as unknown as Record<string, (...args: unknown[]) => unknown>;
        mc.on!('identify', () => seen.push('identify'));
        mc.on!('logout', () => seen.push('logout'));
        mc.identify!('a.b.c');
        mc.logout!();
        mc.nonsense = (...args: unknown[]) =>
          (win.MemberCenter as unknown as { q: unknown[] }).q.push(['nonsense', args]);
        mc.nonsense();
        earlyLogout = mc.logout as () => void;
      },
    });
    const stub = page.window.MemberCenter;
    await page.addScript(KEY);
    expect(page.window.MemberCenter).to.equal(stub, 'the stub object itself becomes the API');
    expect(seen).to.deep.equal(['identify', 'logout']);
    expect(page.warnings).to.deep.equal(['[Member Center] MemberCenter.nonsense() does not exist. ']);
    earlyLogout!();
    expect(seen).to.deep.equal(['identify', 'logout', 'logout']);
    // on() returns the unsubscribe function.
    const off = page.window.MemberCenter!.on('logout', () => seen.push('again'));
    off();
    page.window.MemberCenter!.logout();
    expect(seen).to.deep.equal(['identify', 'logout', 'logout', 'logout']);
  });

  it('loading the script twice, or two versions, never throws and never double-registers', async () => {
    const page = await openPage({ html: '<mc-points-balance></mc-points-balance>', script: KEY });
    const first = page.window.MemberCenter;
    await page.addScript(KEY);
    await page.addScript({ ...KEY, 'data-launcher': 'top-left' }, `${EMBED}?v=2`);
    await page.window.customElements.whenDefined('mc-points-balance');
    // A copy already defining the tag (another version, or an app importing the elements) is left alone.
    const other = await openPage({ html: '<mc-points-balance></mc-points-balance>', script: null });
    class Theirs extends other.window.HTMLElement {}
    other.window.customElements.define('mc-points-balance', Theirs);
    await other.addScript(KEY);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.window.customElements.get('mc-points-balance')).to.equal(Theirs);

    expect(page.window.MemberCenter).to.equal(first);
    expect(page.document.querySelectorAll('mc-launcher')).to.have.length(0);
    expect(page.errors).to.deep.equal([]);
    expect(other.errors).to.deep.equal([]);
    expect(page.warnings).to.deep.equal([]);
  });

  it('survives a hostile page: an element with id="MemberCenter", a throwing listener', async () => {
    const page = await openPage({
      html: '<div id="MemberCenter"></div><mc-points-balance></mc-points-balance>',
      script: KEY,
    });
    expect(page.window.MemberCenter?.version).to.be.a('string');
    const calls: string[] = [];
    page.window.MemberCenter!.on('logout', () => {
      throw new Error('listener bug');
    });
    page.window.MemberCenter!.on('logout', () => calls.push('second listener'));
    page.window.MemberCenter!.logout();
    expect(calls).to.deep.equal(['second listener']);
    await until(() => page.errors.length === 1, 'the listener error reported to the page');
    expect(page.errors[0]).to.contain('listener bug');
  });

  it('data-launcher adds the launcher; open(tab) and close() drive its panel and re-emit open/close', async () => {
    const page = await openPage({ script: { ...KEY, 'data-launcher': 'bottom-left' } });
    const launcher = page.document.querySelector('mc-launcher') as HTMLElement & { open: boolean };
    expect(launcher.getAttribute('position')).to.equal('bottom-left');
    await page.window.customElements.whenDefined('mc-launcher');
    const seen: string[] = [];
    page.window.MemberCenter!.on('open', (event) => seen.push(event.type));
    page.window.MemberCenter!.on('close', (event) => seen.push(event.type));
    page.window.MemberCenter!.open('rewards');
    await until(() => seen.includes('mc-open'), 'the panel to open', 7000);
    expect(page.window.customElements.get('mc-member-center')).to.exist;
    const center = launcher.shadowRoot!.querySelector('mc-member-center');
    expect(center?.getAttribute('active-tab')).to.equal('rewards');
    page.window.MemberCenter!.close();
    await until(() => seen.includes('mc-close'), 'the panel to close');
    expect(launcher.open).to.equal(false);
    expect(page.errors).to.deep.equal([]);
  });

  it('keeps ?ref=CODE for MemberCenter.referralCode() across pages', async () => {
    const landing = await openPage({ search: '?ref=FRIEND42', script: KEY });
    expect(landing.window.MemberCenter!.referralCode()).to.equal('FRIEND42');
    const later = await openPage({ search: '?page=2', script: KEY });
    expect(later.window.MemberCenter!.referralCode()).to.equal('FRIEND42');
    later.window.localStorage.removeItem('member-center:ref');
  });

  it('data-token-url answering {"token": null} shows the guest view; garbage shows the error state', async () => {
    const guest = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { ...KEY, 'data-token-url': '/test/fixtures/token-guest.json' },
    });
    await until(() => viewState(guest.document.querySelector('mc-points-balance')) === 'guest', 'the guest view');

    const garbage = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { ...KEY, 'data-token-url': '/test/fixtures/token-garbage.json' },
    });
    await until(() => viewState(garbage.document.querySelector('mc-points-balance')) === 'error', 'the error state');
    expect(garbage.warnings.some((w) => w.includes('data-token-url'))).to.equal(true);
    expect(garbage.errors).to.deep.equal([]);
  });

  it('applies data-theme and data-locale to the tags it finds', async () => {
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance><mc-points-balance theme="light" lang="en"></mc-points-balance>',
      script: { ...KEY, 'data-theme': 'dark', 'data-locale': 'zh-CN' },
    });
    const [first, second] = page.document.querySelectorAll('mc-points-balance');
    expect([first!.getAttribute('theme'), first!.getAttribute('lang')]).to.deep.equal(['dark', 'zh-CN']);
    expect([second!.getAttribute('theme'), second!.getAttribute('lang')]).to.deep.equal(['light', 'en']);
  });

  it('a guest sees the Join and Log in links of data-join-url and data-login-url', async () => {
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { ...KEY, 'data-join-url': '/account/register', 'data-login-url': '/account/login' },
    });
    const balance = page.document.querySelector('mc-points-balance')!;
    await until(() => viewState(balance) === 'guest', 'the guest view');
    const links = [...balance.shadowRoot!.querySelectorAll('a')].map((a) => [a.textContent, new URL(a.href).pathname]);
    expect(links).to.deep.equal([
      ['Join', '/account/register'],
      ['Log in', '/account/login'],
    ]);
  });

  it('works under a strict CSP with Trusted Types', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/fixtures/csp.html';
    document.body.append(frame);
    try {
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const win = frame.contentWindow as Window & { violations: string[]; MemberCenter?: unknown };
      await until(() => win.MemberCenter, 'the script tag to run');
      await win.customElements.whenDefined('mc-tier-progress');
      await until(() => viewState(win.document.querySelector('mc-points-balance')) === 'guest', 'the guest view');
      await until(
        () => viewState(win.document.querySelector('mc-tier-progress')) !== 'loading',
        'the tier widget to settle',
      );
      expect(win.violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});

describe('embed.js against the real API', () => {
  afterEach(cleanup);

  it('identify, logout and identify again without a reload (single-page app)', async function () {
    // The API's database starts beside the browser (PGlite initdb takes seconds on a busy machine).
    this.timeout(30_000);
    const api = await enrol(1240);
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: realApiScript(api),
    });
    const balance = page.document.querySelector('mc-points-balance')!;
    await until(() => viewState(balance) === 'guest', 'the guest view');
    page.window.MemberCenter!.identify(() => Promise.resolve(api.token));
    await until(() => balance.shadowRoot?.textContent?.includes('1,240'), 'the member’s balance', 7000);
    page.window.MemberCenter!.logout();
    await until(() => viewState(balance) === 'guest', 'the guest view again');
    page.window.MemberCenter!.identify(api.token);
    await until(() => balance.shadowRoot?.textContent?.includes('1,240'), 'the balance again', 7000);
    expect(page.errors).to.deep.equal([]);
  });

  it('identify() while the first token lookup is still answering "guest" shows the member', async function () {
    this.timeout(30_000);
    const api = await enrol(1240);
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance>',
      script: { ...realApiScript(api), 'data-token-url': '/test/slow-guest-token' },
    });
    // The shopper logs in before the page's own token lookup (800 ms) has answered.
    page.window.MemberCenter!.identify(api.token);
    const balance = page.document.querySelector('mc-points-balance')!;
    await until(() => balance.shadowRoot?.textContent?.includes('1,240'), 'the member’s balance', 7000);
    expect(viewState(balance)).to.equal('member');
    expect(page.errors).to.deep.equal([]);
  });

  it('MemberCenter.refresh() after an order keeps every widget on its data: no skeleton, new balance', async function () {
    this.timeout(30_000);
    const api = await enrol(1240);
    const page = await openPage({
      html: '<mc-points-balance></mc-points-balance><mc-check-in></mc-check-in>',
      script: { ...realApiScript(api), 'data-token-url': `/test/echo-token?token=${api.token}` },
    });
    const balance = page.document.querySelector('mc-points-balance')!;
    const checkIn = page.document.querySelector('mc-check-in')!;
    await until(() => viewState(balance) === 'member' && viewState(checkIn) === 'member', 'the member views', 7000);
    // Every render of either element from now on, watched for a skeleton.
    let skeletons = 0;
    const observer = new MutationObserver(() => {
      skeletons += [balance, checkIn].filter((el) => el.shadowRoot!.querySelector('.skeleton')).length;
    });
    for (const el of [balance, checkIn]) observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    const states = new Set<string | undefined>();
    const sample = setInterval(() => states.add(viewState(balance)).add(viewState(checkIn)), 5);
    await page.window.MemberCenter!.refresh();
    await until(() => balance.shadowRoot!.textContent!.includes('1,240'), 'the refreshed balance');
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(sample);
    observer.disconnect();
    expect({ skeletons, states: [...states] }).to.deep.equal({ skeletons: 0, states: ['member'] });
    expect(page.errors).to.deep.equal([]);
  });

  it('<mc-check-in> from the script tag checks the member in; MemberCenter.on hears it', async function () {
    this.timeout(30_000);
    const api = await enrol(100);
    const page = await openPage({
      html: '<mc-check-in></mc-check-in>',
      script: { ...realApiScript(api), 'data-token': api.token },
    });
    await page.window.customElements.whenDefined('mc-check-in');
    const checkIn = page.document.querySelector('mc-check-in')!;
    await until(() => viewState(checkIn) === 'member', 'the member view', 7000);
    const heard: { streak: number; points: number; balance: number }[] = [];
    page.window.MemberCenter!.on('check-in', (event) => heard.push(event as unknown as (typeof heard)[number]));
    checkIn.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    await until(() => checkIn.matches(':state(checked-in)'), 'the checked-in state', 7000);
    expect(heard.map(({ streak, points, balance }) => [streak, points, balance])).to.deep.equal([[1, 5, 105]]);
    expect(page.errors).to.deep.equal([]);
  });
});
