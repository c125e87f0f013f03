import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import { McShareEvent } from '../events.js';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import { MemoryClient, makeReferral } from '../testing/index.js';
import type { McReferralShare } from './referral-share.js';

async function mount(client: MemoryClient, lang = 'en'): Promise<McReferralShare> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><mc-referral-share .client=${client}></mc-referral-share></div>`,
  );
  const el = wrapper.querySelector('mc-referral-share')!;
  await waitFor(() => !hasState(el, 'loading'), 'referral to load');
  return el;
}

/** Replaces a navigator member for one test (the real clipboard needs permissions; share needs a user agent UI). */
function stubNavigator<K extends 'clipboard' | 'share'>(key: K, value: unknown): () => void {
  Object.defineProperty(navigator, key, { configurable: true, value });
  return () => delete (navigator as unknown as Record<string, unknown>)[key];
}

const button = (el: McReferralShare, text: string) => {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === text);
  if (!found) throw new Error(`No button ${text}`);
  return found;
};

describe('<mc-referral-share>', () => {
  it('shows the code, the link, share channels and the stats', async () => {
    const el = await mount(MemoryClient.member());
    expect(hasState(el, 'member')).to.be.true;
    expect(part(el, '[part=code]').textContent).to.equal('AMY7K2Q');
    expect(part<HTMLInputElement>(el, '[part=link]').value).to.equal('https://shop.example/r/AMY7K2Q');
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part=channel]')];
    expect(links.map((a) => a.textContent)).to.deep.equal(['Email', 'X', 'Facebook', 'WhatsApp', 'Weibo']);
    const link = encodeURIComponent('https://shop.example/r/AMY7K2Q');
    expect(links[1]!.href).to.contain(`twitter.com/intent/tweet?`).and.contain(`url=${link}`);
    expect(links[2]!.href).to.equal(`https://www.facebook.com/sharer/sharer.php?u=${link}`);
    expect(links[3]!.href).to.contain('https://wa.me/?text=').and.contain(link);
    expect(links[4]!.href).to.contain(`service.weibo.com/share/share.php?url=${link}`);
    expect(links[0]!.href).to.match(/^mailto:\?subject=A%20gift%20for%20you&body=/);
    expect(visibleText(part(el, '[part=stats]'))).to.equal('Friends invited 3 Friends rewarded 2 Points earned 1,000');
    await expect(el).to.be.accessible();
  });

  it('copies the code and the link from the keyboard, says Copied and fires mc-share', async () => {
    const el = await mount(MemoryClient.member());
    const copied: string[] = [];
    const restore = stubNavigator('clipboard', { writeText: async (text: string) => void copied.push(text) });
    try {
      const shared = oneEvent(el, 'mc-share');
      button(el, 'Copy code').focus();
      await sendKeys({ press: 'Enter' });
      const event = (await shared) as unknown as McShareEvent;
      expect(event).to.be.instanceOf(McShareEvent);
      expect(event.channel).to.equal('copy-code');
      expect(copied).to.deep.equal(['AMY7K2Q']);
      await waitFor(() => part(el, '[role=status]').textContent === 'Copied', 'Copied announcement');
      // The button itself says so, for a moment.
      expect(el.shadowRoot!.activeElement?.textContent).to.equal('Copied ✓');
      await waitFor(() => el.shadowRoot!.activeElement?.textContent === 'Copy code', 'the label back', 3000);

      const sharedLink = oneEvent(el, 'mc-share');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.textContent).to.equal('Copy link');
      await sendKeys({ press: 'Enter' });
      expect(((await sharedLink) as unknown as McShareEvent).channel).to.equal('copy-link');
      expect(copied).to.deep.equal(['AMY7K2Q', 'https://shop.example/r/AMY7K2Q']);
    } finally {
      restore();
    }
  });

  it('falls back to a selection copy when the Clipboard API refuses', async () => {
    const el = await mount(MemoryClient.member());
    const restore = stubNavigator('clipboard', {
      writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')),
    });
    const commands: string[] = [];
    const execCommand = document.execCommand;
    document.execCommand = (command: string) => {
      commands.push(`${command}:${(document.activeElement as HTMLTextAreaElement).value}`);
      return true;
    };
    try {
      button(el, 'Copy code').click();
      await waitFor(() => part(el, '[role=status]').textContent === 'Copied', 'Copied');
      expect(commands).to.deep.equal(['copy:AMY7K2Q']);
    } finally {
      document.execCommand = execCommand;
      restore();
    }
  });

  it('offers the system share sheet where navigator.share exists', async () => {
    const shares: ShareData[] = [];
    const restore = stubNavigator('share', async (data: ShareData) => void shares.push(data));
    try {
      const el = await mount(MemoryClient.member());
      const shared = oneEvent(el, 'mc-share');
      button(el, 'Share…').click();
      expect(((await shared) as unknown as McShareEvent).channel).to.equal('native');
      expect(shares[0]!.url).to.equal('https://shop.example/r/AMY7K2Q');
      expect(shares[0]!.text).to.contain('AMY7K2Q');
    } finally {
      restore();
    }
    const without = await mount(MemoryClient.member());
    expect(without.shadowRoot!.querySelector('[part=share-button]')).to.equal(null);
  });

  it('fires mc-share with the channel when a share link is used', async () => {
    const el = await mount(MemoryClient.member());
    const link = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part=channel]')][3]!;
    link.addEventListener('click', (e) => e.preventDefault());
    const shared = oneEvent(el, 'mc-share');
    link.click();
    expect(((await shared) as unknown as McShareEvent).channel).to.equal('whatsapp');
  });

  it('shows a QR code of the link on request (loaded lazily) and hides it again', async () => {
    const el = await mount(MemoryClient.member());
    const toggle = part(el, '[part=qr-toggle]');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelector('[part=qr]')).to.equal(null);
    const shared = oneEvent(el, 'mc-share');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    expect(((await shared) as unknown as McShareEvent).channel).to.equal('qr');
    const qr = await waitFor(() => el.shadowRoot!.querySelector('[part=qr] svg'), 'the QR code');
    expect(qr.getAttribute('aria-label')).to.equal('QR code of your referral link');
    const [, , w] = qr.getAttribute('viewBox')!.split(' ').map(Number);
    expect(w).to.be.at.least(25); // version 2 or above: 25 modules + the quiet zone
    expect(qr.querySelector('path')!.getAttribute('d')!.length).to.be.greaterThan(1000);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.textContent!.trim()).to.equal('Hide QR code');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !el.shadowRoot!.querySelector('[part=qr]'), 'QR hidden');
  });

  it('shows the empty state before any friend was invited', async () => {
    const el = await mount(
      MemoryClient.member(100, { referral: makeReferral({ invited: 0, rewarded: 0, pointsEarned: 0 }) }),
    );
    expect(hasState(el, 'empty')).to.be.true;
    expect(visibleText(el)).to.contain('No friends invited yet — share your code to get started.');
    expect(el.shadowRoot!.querySelector('[part=stats]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('asks a guest to join, with the program’s referral offer', async () => {
    const el = await mount(MemoryClient.guest());
    await waitFor(() => visibleText(el).includes('You both get points'), 'the offer');
    expect(hasState(el, 'guest')).to.be.true;
    expect(visibleText(el)).to.equal('Invite friends Join to get your own invite code. You both get points');
    await expect(el).to.be.accessible();
  });

  it('shows loading and error states; Retry recovers', async () => {
    const loading = await fixture<McReferralShare>(
      html`<mc-referral-share .client=${MemoryClient.loadingForever()}></mc-referral-share>`,
    );
    expect(hasState(loading, 'loading')).to.be.true;
    await expect(loading).to.be.accessible();

    const client = MemoryClient.failing();
    const el = await mount(client);
    expect(hasState(el, 'error')).to.be.true;
    expect(visibleText(el)).to.equal('Invite friends We couldn’t load this right now. Retry');
    await expect(el).to.be.accessible();
    client.recover();
    part(el, '[part=retry-button]').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => hasState(el, 'member'), 'member after retry');
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const el = await mount(MemoryClient.member(), 'zh-CN');
    expect(button(el, '复制邀请码')).to.exist;
    expect(button(el, '复制链接')).to.exist;
    expect(visibleText(part(el, '[part=stats]'))).to.equal('已邀请好友 3 已获奖励好友 2 获得积分 1,000');
    expect(part(el, '[part=title]').textContent).to.equal('邀请好友');
  });
});
