import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import '../define.js';
import { type McErrorEvent, McOpenEvent } from '../events.js';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryClient } from '../testing/index.js';
import { McLauncher, type PanelLoader } from './launcher.js';

const defaultLoader = McLauncher.loadPanel;

/** A panel loader that records its calls and resolves at once (the tags are already registered by define). */
function spyLoader(result: () => Promise<unknown> = () => Promise.resolve()): PanelLoader & { calls: number } {
  const loader = Object.assign(
    () => {
      loader.calls++;
      return result();
    },
    { calls: 0 },
  );
  return loader;
}

async function mount(client: MemoryClient, position?: string): Promise<McLauncher> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div><button id="page">page</button><mc-launcher .client=${client} position=${position ?? 'bottom-right'}></mc-launcher></div>`,
  );
  const el = wrapper.querySelector('mc-launcher')!;
  await waitFor(() => el.viewState && !hasState(el, 'loading'), 'the button');
  return el;
}

const button = (el: McLauncher) => part<HTMLButtonElement>(el, '[part=button]');
const dialog = (el: McLauncher) => el.shadowRoot!.querySelector('dialog');
const isOpen = (el: McLauncher) => !!dialog(el)?.open;
/** The innermost focused element, through shadow roots. */
const deepActive = () => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

describe('<mc-launcher>', () => {
  afterEach(async () => {
    McLauncher.loadPanel = defaultLoader;
    McLauncher.preloadWhenIdle = true;
    McLauncher.idleDelay = 10_000;
    await resetMouse();
  });

  it('shows a member their points on a floating button in the bottom-right corner', async () => {
    const el = await mount(MemoryClient.member(1240));
    expect(hasState(el, 'member')).to.be.true;
    expect(visibleText(button(el))).to.equal('1,240 points');
    expect(button(el).getAttribute('aria-haspopup')).to.equal('dialog');
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');
    const box = button(el).getBoundingClientRect();
    expect(getComputedStyle(button(el)).position).to.equal('fixed');
    expect(Math.round(innerWidth - box.right)).to.equal(20);
    expect(Math.round(innerHeight - box.bottom)).to.equal(20);
    expect(dialog(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a guest a gift and "Rewards"', async () => {
    const el = await mount(MemoryClient.guest(), 'top-left');
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(button(el))).to.equal('Rewards');
    expect(part(el, '[part=icon]').getAttribute('aria-hidden')).to.equal('true');
    const box = button(el).getBoundingClientRect();
    expect([Math.round(box.left), Math.round(box.top)]).to.deep.equal([20, 20]);
    await expect(el).to.be.accessible();
  });

  it('fetches the panel code only once, when the page is idle or the pointer or focus reaches the button', async () => {
    McLauncher.preloadWhenIdle = false;
    const loader = spyLoader();
    McLauncher.loadPanel = loader;
    const el = await mount(MemoryClient.member(1240));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loader.calls).to.equal(0);
    const box = button(el).getBoundingClientRect();
    // The centre: the pill's rounded corners are not part of the button.
    await sendMouse({
      type: 'move',
      position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
    });
    await waitFor(() => loader.calls === 1, 'a load on hover');
    button(el).focus();
    button(el).click();
    await waitFor(() => isOpen(el), 'the panel');
    expect(loader.calls).to.equal(1);

    McLauncher.preloadWhenIdle = true;
    McLauncher.idleDelay = 400;
    const idle = spyLoader();
    McLauncher.loadPanel = idle;
    await mount(MemoryClient.member(1240));
    // Idle moments come at once on a quiet page: the delay is what holds the download back.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(idle.calls, 'nothing before the idle delay').to.equal(0);
    await waitFor(() => idle.calls === 1, 'a load when idle after the delay', 6000);
  });

  it('a press on the button fetches the panel code; with the data saver on, nothing fetches it unasked', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    try {
      McLauncher.idleDelay = 0;
      const loader = spyLoader();
      McLauncher.loadPanel = loader;
      const el = await mount(MemoryClient.member(1240));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(loader.calls, 'no idle preload with saveData').to.equal(0);
      button(el).dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      await waitFor(() => loader.calls === 1, 'a load on pointerdown');
    } finally {
      delete (navigator as { connection?: unknown }).connection;
    }
  });

  it('opens from the keyboard as a modal dialog anchored above the button, focus on the selected tab', async () => {
    const el = await mount(MemoryClient.member(1240));
    await el.preload();
    const opened = oneEvent(el, 'mc-open');
    button(el).focus();
    const start = performance.now();
    await sendKeys({ press: 'Enter' });
    const event = (await opened) as unknown as McOpenEvent;
    // The code was preloaded: opening is a render, not a download.
    expect(performance.now() - start).to.be.lessThan(250);
    expect(event).to.be.instanceOf(McOpenEvent);
    expect(event.tab).to.equal('overview');
    expect(el.open).to.be.true;
    expect(el.hasAttribute('open')).to.be.true;
    expect(button(el).getAttribute('aria-expanded')).to.equal('true');
    const panel = dialog(el)!;
    expect(panel.open).to.be.true;
    expect(panel.matches(':modal')).to.be.true;
    expect(panel.getAttribute('aria-modal')).to.equal('true');
    expect(part(el, `#${panel.getAttribute('aria-labelledby')}`).textContent).to.equal('Member center');
    expect(deepActive()?.textContent?.trim()).to.equal('Overview');
    expect(deepActive()?.getAttribute('role')).to.equal('tab');

    // Anchored: above the button, right edges aligned.
    const panelBox = panel.getBoundingClientRect();
    const buttonBox = button(el).getBoundingClientRect();
    expect(panelBox.bottom).to.be.at.most(buttonBox.top);
    expect(Math.abs(panelBox.right - buttonBox.right)).to.be.lessThan(1);

    const member = el.memberCenter!;
    await waitFor(
      () => visibleText(member.shadowRoot!.querySelector('mc-points-balance')!).includes('1,240'),
      'balance',
    );
    // Judge contrast once the fade-in is over.
    await Promise.all(panel.getAnimations().map((animation) => animation.finished));
    await expect(el).to.be.accessible();
  });

  it('closes on Escape and gives focus back to the button', async () => {
    const el = await mount(MemoryClient.member(1240));
    button(el).focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => isOpen(el) && deepActive()?.getAttribute('role') === 'tab', 'the open panel');
    // The tabs work inside the panel.
    await sendKeys({ press: 'ArrowRight' });
    expect(el.memberCenter!.activeTab).to.equal('rewards');

    const closed = oneEvent(el, 'mc-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(isOpen(el)).to.be.false;
    expect(el.open).to.be.false;
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');

    // Opening again keeps the tab the member was on.
    await sendKeys({ press: 'Enter' });
    await waitFor(() => isOpen(el), 'the panel again');
    expect(el.memberCenter!.activeTab).to.equal('rewards');
  });

  it('closes on a click outside the panel and with its close button', async () => {
    const el = await mount(MemoryClient.member(1240));
    button(el).click();
    await waitFor(() => isOpen(el), 'the open panel');
    await sendMouse({ type: 'click', position: [5, 5] });
    await waitFor(() => !isOpen(el), 'closed by a click outside');
    expect(el.shadowRoot!.activeElement).to.equal(button(el));

    button(el).click();
    await waitFor(() => isOpen(el), 'the open panel');
    part(el, '[part=close-button]').click();
    await waitFor(() => !isOpen(el), 'closed by the close button');
  });

  it('opens on a given tab with show(tab), and with the open attribute', async () => {
    const el = await mount(MemoryClient.member(1240));
    const opened = oneEvent(el, 'mc-open');
    el.show('history');
    expect(((await opened) as unknown as McOpenEvent).tab).to.equal('history');
    expect(el.memberCenter!.activeTab).to.equal('history');
    el.show('coupons');
    await el.updateComplete;
    expect(el.memberCenter!.activeTab).to.equal('coupons');
    el.close();
    await waitFor(() => !isOpen(el), 'closed');

    const again = oneEvent(el, 'mc-open');
    el.setAttribute('open', '');
    await again;
    expect(isOpen(el)).to.be.true;
    el.removeAttribute('open');
    await waitFor(() => !isOpen(el), 'closed by removing the attribute');
  });

  it('asks for the catalogue again when the panel reopens, so a new reward shows without a reload', async () => {
    const client = MemoryClient.member(1240);
    const el = await mount(client);
    el.show('rewards');
    await waitFor(() => isOpen(el) && client.calls.includes('listRewards:0'), 'the first catalogue');
    el.close();
    await waitFor(() => !isOpen(el), 'closed');
    const asked = client.calls.filter((c) => c === 'listRewards:0').length;
    el.show('rewards');
    await waitFor(() => client.calls.filter((c) => c === 'listRewards:0').length === asked + 1, 'the catalogue again');
    // A third open within the minute asks nothing more.
    el.close();
    await waitFor(() => !isOpen(el), 'closed again');
    el.show('rewards');
    await waitFor(() => isOpen(el), 'open a third time');
    expect(client.calls.filter((c) => c === 'listRewards:0')).to.have.length(asked + 1);
  });

  it('places the panel below a button at the top of the window', async () => {
    const el = await mount(MemoryClient.member(1240), 'top-left');
    el.show();
    await waitFor(() => isOpen(el), 'the open panel');
    const panelBox = dialog(el)!.getBoundingClientRect();
    const buttonBox = button(el).getBoundingClientRect();
    expect(panelBox.top).to.be.at.least(buttonBox.bottom);
    expect(Math.abs(panelBox.left - buttonBox.left)).to.be.lessThan(1);
  });

  it('reports a panel that fails to load, and tries again on the next click', async () => {
    McLauncher.preloadWhenIdle = false;
    let fail = true;
    McLauncher.loadPanel = spyLoader(() => (fail ? Promise.reject(new TypeError('chunk 404')) : Promise.resolve()));
    const el = await mount(MemoryClient.member(1240));
    const errorEvent = oneEvent(el, 'mc-error');
    button(el).click();
    const event = (await errorEvent) as unknown as McErrorEvent;
    expect(event.operation).to.equal('load');
    await waitFor(() => !el.open, 'open reset');
    expect(isOpen(el)).to.be.false;
    expect(part(el, '[role=status]').textContent).to.equal('The member center couldn’t open. Try again.');

    fail = false;
    button(el).click();
    await waitFor(() => isOpen(el), 'the panel on the second try');
  });

  it('says so when a custom loader does not define the panel', async () => {
    McLauncher.preloadWhenIdle = false;
    const missing = spyLoader();
    McLauncher.loadPanel = missing;
    const el = await mount(MemoryClient.member(1240));
    const defined = customElements.get('mc-member-center');
    expect(defined).to.not.equal(undefined);
    // The tag is registered in this test page, so pretend otherwise for this one check.
    const get = customElements.get.bind(customElements);
    customElements.get = (name: string) => (name === 'mc-member-center' ? undefined : get(name));
    try {
      const errorEvent = oneEvent(el, 'mc-error');
      button(el).click();
      const event = (await errorEvent) as unknown as McErrorEvent;
      expect(String(event.error)).to.contain('without defining <mc-member-center>');
    } finally {
      customElements.get = get;
    }
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="zh-CN"><mc-launcher .client=${MemoryClient.guest()}></mc-launcher></div>`,
    );
    const el = wrapper.querySelector('mc-launcher')!;
    await waitFor(() => hasState(el, 'guest'), 'guest');
    expect(visibleText(button(el))).to.equal('会员福利');
    el.show();
    await waitFor(() => isOpen(el), 'the panel');
    expect(part(el, '[part=title]').textContent).to.equal('会员中心');
    el.close();
  });

  describe('the panel at a phone’s and a desktop’s width', () => {
    after(() => setViewport({ width: 800, height: 600 }));

    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ] as const) {
      for (const lang of ['en', 'zh-CN']) {
        it(`${width} px, ${lang}: every tab is visible unclipped, the tab row stays, ${width <= 480 ? 'a full-height sheet' : 'a floating panel'}`, async () => {
          await setViewport({ width, height });
          const wrapper = await fixture<HTMLDivElement>(
            html`<div lang=${lang}><mc-launcher .client=${MemoryClient.withManyRewards(60, { points: 1240 })}></mc-launcher></div>`,
          );
          const el = wrapper.querySelector('mc-launcher')!;
          await waitFor(() => hasState(el, 'member'), 'the member');
          el.show('rewards');
          await waitFor(() => isOpen(el) && el.memberCenter?.shadowRoot?.querySelector('[role=tab]'), 'the tabs');
          const panel = dialog(el)!;
          await Promise.all(panel.getAnimations().map((animation) => animation.finished));
          const box = panel.getBoundingClientRect();
          if (width <= 480) expect([box.top, box.left, box.width, box.height]).to.deep.equal([0, 0, width, height]);
          else expect(box.width).to.be.lessThan(420);

          const center = el.memberCenter!;
          const tablist = part(center, '[role=tablist]').getBoundingClientRect();
          const tabs = [...center.shadowRoot!.querySelectorAll<HTMLElement>('[role=tab]')];
          expect(tabs).to.have.length(5);
          for (const tab of tabs) {
            const r = tab.getBoundingClientRect();
            // Inside the row and the window, and the label not cut ("Histo").
            expect(r.left >= tablist.left - 0.5 && r.right <= tablist.right + 0.5, tab.textContent!).to.be.true;
            expect(r.left >= 0 && r.right <= width, tab.textContent!).to.be.true;
            expect(tab.scrollWidth, tab.textContent!).to.be.at.most(tab.clientWidth);
          }

          // The rewards scroll below the tab row, which stays put.
          await waitFor(
            () => center.shadowRoot!.querySelector('mc-rewards-bazaar')?.shadowRoot?.querySelector('[part~=card]'),
            'the cards',
          );
          center.scrollTop = 600;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          expect(center.scrollTop).to.be.greaterThan(0);
          expect(part(center, '[role=tablist]').getBoundingClientRect().top).to.be.closeTo(tablist.top, 1);
          el.close();
        });
      }
    }
  });
});
