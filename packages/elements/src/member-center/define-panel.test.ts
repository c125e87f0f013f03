import { expect, fixture, html } from '@open-wc/testing';
import { hasState, part, visibleText, waitFor } from '../internal/test-utils.js';
import { McLauncher } from '../launcher/launcher.js';
import { MemoryClient } from '../testing/index.js';

// A page that registers only the launcher (this file imports no define module): the default
// loadPanel must bring the member center and the elements in its tabs, and nothing else.
customElements.define('mc-launcher', McLauncher);

describe('McLauncher.loadPanel (default)', () => {
  it('registers the member center and its tabs’ elements on first open, not the provider', async () => {
    McLauncher.preloadWhenIdle = false;
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><mc-launcher .client=${MemoryClient.member(1240)}></mc-launcher></div>`,
    );
    const el = wrapper.querySelector('mc-launcher')!;
    await waitFor(() => hasState(el, 'member'), 'the button');
    expect(customElements.get('mc-member-center')).to.equal(undefined);

    part<HTMLButtonElement>(el, '[part=button]').click();
    await waitFor(() => el.shadowRoot!.querySelector('dialog')?.open, 'the panel');
    const center = el.memberCenter!;
    await waitFor(
      () => visibleText(center.shadowRoot!.querySelector('mc-points-balance')!).includes('1,240'),
      'the balance in the Overview tab',
    );
    for (const tag of [
      'mc-tier-progress',
      'mc-check-in',
      'mc-rewards-bazaar',
      'mc-referral-share',
      'mc-points-history',
      'mc-coupons',
    ]) {
      expect(customElements.get(tag), tag).to.exist;
    }
    expect(customElements.get('mc-provider')).to.equal(undefined);
  });
});
