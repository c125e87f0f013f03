import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../define.js';
import type { TierStatus } from '@member-center/contract';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryClient, TIERS } from '../testing/index.js';
import type { McTierProgress } from './tier-progress.js';

interface Mounted {
  el: McTierProgress;
  before: HTMLButtonElement;
}

async function mount(client: MemoryClient, lang = 'en', style = ''): Promise<Mounted> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang} style=${style}>
      <button id="before">before</button>
      <mc-tier-progress .client=${client}></mc-tier-progress>
    </div>`,
  );
  const el = wrapper.querySelector('mc-tier-progress')!;
  await waitFor(() => !hasState(el, 'loading'), 'data to load');
  return { el, before: wrapper.querySelector('#before')! };
}

const bar = (el: McTierProgress) => part(el, '[role=progressbar]');
const badge = (el: McTierProgress) => part<HTMLButtonElement>(el, 'button[part=badge]');
const popover = (el: McTierProgress) => part(el, '[part=popover]');
const isOpen = (el: McTierProgress) => popover(el).matches(':popover-open');
/** Gold at ¥2,000.00 of spend (thresholds in fen), and a member who has spent ¥1,240.00 of it. */
const SPEND_TIERS = TIERS.map((tier) => ({ ...tier, threshold: tier.threshold * 100 }));
const spendMember = (keep: TierStatus['keep']) =>
  MemoryClient.member(500, {
    lifetimeEarned: 124_000,
    program: { tiers: SPEND_TIERS, timeZone: 'Asia/Shanghai' },
    tier: { basis: 'spend', keep },
  });
const center = (element: Element): [number, number] => {
  const box = element.getBoundingClientRect();
  return [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
};

describe('<mc-tier-progress>', () => {
  afterEach(() => resetMouse());

  it('shows the tier, an accessible progress bar and what is left to the next tier', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    expect(hasState(el, 'member')).to.be.true;
    expect(badge(el).textContent!.trim()).to.equal('Silver');
    expect(bar(el).getAttribute('aria-valuemin')).to.equal('1000');
    expect(bar(el).getAttribute('aria-valuemax')).to.equal('2000');
    expect(bar(el).getAttribute('aria-valuenow')).to.equal('1240');
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('1,240 of 2,000 points to Gold');
    expect(bar(el).getAttribute('aria-label')).to.equal('Progress to Gold');
    expect(part(el, '[part=indicator]').style.inlineSize).to.equal('24%');
    expect(visibleText(el)).to.equal('Member tier Silver 760 more points to Gold');
    await expect(el).to.be.accessible();
  });

  it('says so at the top tier', async () => {
    const { el } = await mount(MemoryClient.member(2600));
    expect(badge(el).textContent!.trim()).to.equal('Gold');
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('You’re at the top tier');
    expect(bar(el).getAttribute('aria-valuenow')).to.equal(bar(el).getAttribute('aria-valuemax'));
    expect(part(el, '[part=indicator]').style.inlineSize).to.equal('100%');
    expect(part(el, '[part=remaining]').textContent!.trim()).to.equal('You’re at the top tier');
    await expect(el).to.be.accessible();
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const { el } = await mount(MemoryClient.member(1240), 'zh-CN');
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('1,240 / 2,000 积分，升级至Gold');
    expect(visibleText(el)).to.equal('会员等级 Silver 再获得 760 积分即可升级至Gold');
    badge(el).click();
    await waitFor(() => isOpen(el), 'popover');
    expect(visibleText(popover(el))).to.equal('Silver等级权益 1.25 points per ¥1 Birthday gift');
  });

  it('opens the benefits on focus, pins them on Enter and closes on Escape with focus kept on the badge', async () => {
    const { el, before } = await mount(MemoryClient.member(1240));
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(badge(el));
    await waitFor(() => isOpen(el), 'popover opened by focus');
    expect(badge(el).getAttribute('aria-expanded')).to.equal('true');
    expect(visibleText(popover(el))).to.equal('Silver benefits 1.25 points per ¥1 Birthday gift');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    expect(isOpen(el)).to.be.false;
    expect(badge(el).getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(badge(el));

    await sendKeys({ press: 'Enter' });
    await waitFor(() => isOpen(el), 'popover opened by Enter');
    // Pinned: moving focus away leaves it open, a second press closes it.
    await sendKeys({ press: 'Shift+Tab' });
    expect(isOpen(el)).to.be.true;
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !isOpen(el), 'popover closed by a second Enter');
  });

  it('opens on hover below the badge, closes when the pointer leaves', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    await sendMouse({ type: 'move', position: center(badge(el)) });
    await waitFor(() => isOpen(el), 'popover opened by hover');
    await waitFor(() => popover(el).style.top !== '', 'positioned');
    const badgeBox = badge(el).getBoundingClientRect();
    const popBox = popover(el).getBoundingClientRect();
    expect(popBox.top).to.be.closeTo(badgeBox.bottom + 8, 1);
    expect(popBox.left).to.be.at.least(8);

    await sendMouse({ type: 'move', position: [2, 2] });
    await waitFor(() => !isOpen(el), 'popover closed after the pointer left');
  });

  it('flips above the badge when there is no room below', async () => {
    const { el } = await mount(MemoryClient.member(1240), 'en', `position: fixed; bottom: 0; left: 0; right: 0`);
    badge(el).click();
    await waitFor(() => isOpen(el) && popover(el).style.top !== '', 'positioned popover');
    const badgeBox = badge(el).getBoundingClientRect();
    await waitFor(
      () => Math.abs(popover(el).getBoundingClientRect().bottom - (badgeBox.top - 8)) < 1,
      'popover above the badge',
    );
  });

  it('keeps an open popover under the badge when the page scrolls', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    // Room to scroll, after the element.
    const spacer = document.body.appendChild(Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
    try {
      badge(el).click();
      await waitFor(() => isOpen(el) && popover(el).style.top !== '', 'positioned popover');
      const below = () =>
        Math.abs(popover(el).getBoundingClientRect().top - (badge(el).getBoundingClientRect().bottom + 8));
      expect(below(), 'popover under the badge').to.be.lessThan(1);
      window.scrollBy(0, 40);
      await waitFor(() => window.scrollY > 0 && below() < 1, 'popover moved with the badge');
    } finally {
      spacer.remove();
      window.scrollTo(0, 0);
    }
  });

  it('closes a clicked-open popover on a click outside', async () => {
    const { el } = await mount(MemoryClient.member(1240));
    badge(el).click();
    await waitFor(() => isOpen(el), 'popover');
    await sendMouse({ type: 'click', position: [2, 400] });
    await waitFor(() => !isOpen(el), 'closed by an outside click');
  });

  it('shows a skeleton while loading, the same height as the loaded bar', async () => {
    const client = MemoryClient.loadingForever();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><mc-tier-progress .client=${client}></mc-tier-progress></div>`,
    );
    const el = wrapper.querySelector('mc-tier-progress')!;
    expect(hasState(el, 'loading')).to.be.true;
    await expect(el).to.be.accessible();
    const height = el.getBoundingClientRect().height;
    client.release();
    await waitFor(() => hasState(el, 'member'), 'member');
    expect(el.getBoundingClientRect().height).to.be.closeTo(height, 1);
  });

  it('invites a guest toward the first tier that takes earning', async () => {
    const { el } = await mount(MemoryClient.guest());
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal('Member tier Join to start earning your way to Silver.');
    await expect(el).to.be.accessible();
  });

  it('shows the empty state when the program has no tiers', async () => {
    const { el } = await mount(MemoryClient.member(300, { program: { tiers: [] } }));
    expect(hasState(el, 'empty')).to.be.true;
    expect(visibleText(el)).to.equal('Member tier This program has no tiers.');
    await expect(el).to.be.accessible();
  });

  it('shows an error and recovers with Retry', async () => {
    const client = MemoryClient.failing();
    const { el } = await mount(client);
    expect(hasState(el, 'error')).to.be.true;
    expect(visibleText(el)).to.equal('Member tier We couldn’t load this right now. Retry');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Space' });
    await waitFor(() => hasState(el, 'member'), 'member after retry');
    expect(badge(el).textContent!.trim()).to.equal('Silver');
  });

  it('says what keeps the tier and by when, and describes the bar with it', async () => {
    const client = MemoryClient.member(1240, {
      program: { timeZone: 'Asia/Shanghai' },
      tier: {
        basis: 'points',
        keep: { remaining: 300, by: '2026-12-31T16:00:00.000Z', lastDay: '2026-12-31', keptThrough: '2027-12-31' },
      },
    });
    const { el } = await mount(client);
    const keep = part(el, '[part=keep]');
    expect(keep.textContent).to.equal('Earn 300 more points by Dec 31, 2026 to keep Silver');
    expect(bar(el).getAttribute('aria-describedby')).to.equal(keep.id);
    expect(visibleText(el)).to.equal(
      'Member tier Silver 760 more points to Gold Earn 300 more points by Dec 31, 2026 to keep Silver',
    );
    await expect(el).to.be.accessible();
    // The days are the API's: nothing needs the program's time zone or window.
    expect(client.calls).not.to.include('getProgram');
  });

  it('shows the days the API names, whatever the period end and the window would suggest', async () => {
    const keep = { remaining: 300, by: '2026-12-31T16:00:00.000Z', lastDay: '2027-03-31', keptThrough: '2028-06-30' };
    const { el } = await mount(MemoryClient.member(1240, { tier: { basis: 'points', keep } }));
    expect(part(el, '[part=keep]').textContent).to.equal('Earn 300 more points by Mar 31, 2027 to keep Silver');
    const kept = await mount(MemoryClient.member(2600, { tier: { basis: 'points', keep: { ...keep, remaining: 0 } } }));
    expect(part(kept.el, '[part=keep]').textContent).to.equal('Gold is yours through Jun 30, 2028');
  });

  it('once the tier is kept, says it is the member’s through the next period', async () => {
    const { el } = await mount(
      MemoryClient.member(2600, {
        program: { timeZone: 'Asia/Shanghai' },
        tier: {
          basis: 'points',
          keep: { remaining: 0, by: '2026-12-31T16:00:00.000Z', lastDay: '2026-12-31', keptThrough: '2027-12-31' },
        },
      }),
    );
    expect(part(el, '[part=keep]').textContent).to.equal('Gold is yours through Dec 31, 2027');
    expect(bar(el).getAttribute('aria-describedby')).to.equal('keep');
    await expect(el).to.be.accessible();
  });

  it('shows nothing about keeping the tier when the API does not say (older API, or keep: null)', async () => {
    for (const options of [{}, { tier: { basis: 'points' as const, keep: null } }]) {
      const client = MemoryClient.member(1240, options);
      const { el } = await mount(client);
      expect(el.shadowRoot!.querySelector('[part=keep]')).to.equal(null);
      expect(bar(el).hasAttribute('aria-describedby')).to.be.false;
      // Points on a points basis need nothing from the program.
      expect(client.calls).not.to.include('getProgram');
    }
  });

  it('formats a spend basis as money in the program’s currency', async () => {
    const { el } = await mount(
      spendMember({
        remaining: 30_000,
        by: '2026-12-31T16:00:00.000Z',
        lastDay: '2026-12-31',
        keptThrough: '2027-12-31',
      }),
    );
    expect(badge(el).textContent!.trim()).to.equal('Silver');
    expect(bar(el).getAttribute('aria-valuenow')).to.equal('124000');
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('CN¥1,240.00 of CN¥2,000.00 spent toward Gold');
    expect(visibleText(el)).to.equal(
      'Member tier Silver Spend CN¥760.00 more to reach Gold Spend CN¥300.00 more by Dec 31, 2026 to keep Silver',
    );
    await expect(el).to.be.accessible();
  });

  it('says what keeps the tier in Chinese (保级), spend as ¥', async () => {
    const { el } = await mount(
      spendMember({
        remaining: 30_000,
        by: '2026-12-31T16:00:00.000Z',
        lastDay: '2026-12-31',
        keptThrough: '2027-12-31',
      }),
      'zh-CN',
    );
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('已消费 ¥1,240.00 / ¥2,000.00，升级至Gold');
    expect(part(el, '[part=keep]').textContent).to.equal('2026年12月31日前再消费 ¥300.00 即可保级Silver');

    const kept = await mount(
      MemoryClient.member(1240, {
        tier: {
          basis: 'points',
          keep: { remaining: 0, by: '2026-12-31T16:00:00.000Z', lastDay: '2026-12-31', keptThrough: '2027-12-31' },
        },
      }),
      'zh-CN',
    );
    expect(part(kept.el, '[part=keep]').textContent).to.match(/^已保级Silver，有效期至2027年12月31日$/);
    const earn = await mount(
      MemoryClient.member(1240, {
        tier: {
          basis: 'points',
          keep: { remaining: 300, by: '2027-01-01T00:00:00.000Z', lastDay: '2026-12-31', keptThrough: '2027-12-31' },
        },
      }),
      'zh-CN',
    );
    expect(part(earn.el, '[part=keep]').textContent).to.match(/^2026年12月31日前再获得 300 积分即可保级Silver$/);
  });

  it('shows an error with Retry when the program it needs for a spend basis fails to load', async () => {
    const client = spendMember(null);
    client.fail('program');
    const { el } = await mount(client);
    await waitFor(() => hasState(el, 'error'), 'the error state');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').click();
    await waitFor(() => hasState(el, 'member'), 'member after Retry');
    expect(part(el, '[part=remaining]').textContent!.trim()).to.equal('Spend CN¥760.00 more to reach Gold');
  });

  it('moves along when the member earns points (store update)', async () => {
    const client = MemoryClient.member(1240);
    const { el } = await mount(client);
    client.setPoints(1900);
    await waitFor(() => bar(el).getAttribute('aria-valuenow') === '1900', 'new progress');
    expect(bar(el).getAttribute('aria-valuetext')).to.equal('1,900 of 2,000 points to Gold');
    client.setPoints(2100);
    await waitFor(() => badge(el).textContent!.trim() === 'Gold', 'promotion to Gold');
  });
});
