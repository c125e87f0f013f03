import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { admin } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import { consoleApi, deepQuery, deepQueryAll, deepText, focused, openConsole, waitFor } from './helpers.js';

const type = (app: HTMLElement, id: string, value: string) => {
  const input = deepQuery<HTMLInputElement>(app, `mc-page-program #${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
const save = (app: HTMLElement) => deepQuery<HTMLButtonElement>(app, 'mc-page-program button[type=submit]')!.click();

describe('the program page (real API)', () => {
  it('an owner edits the settings and the tier ladder (add, reorder with the keyboard); the API has them', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/program', operators.owner, password);
    await waitFor(() => deepQuery(app, 'mc-page-program #f-name'), 'the form');
    expect(deepQuery<HTMLInputElement>(app, '#f-name')!.value).to.equal('Console Test Shop');
    expect(deepQueryAll(app, 'mc-page-program .tier').length).to.equal(2);
    await expect(app).to.be.accessible();

    save(app);
    await waitFor(() => deepText(app, 'mc-page-program [role=status]'), 'the answer');
    expect(deepText(app, 'mc-page-program [role=status]')).to.equal('Nothing has changed.');

    type(app, 'f-birthdayPoints', '321');
    deepQuery<HTMLButtonElement>(app, 'mc-page-program .section button:not([aria-label])')!.click(); // add a tier
    await waitFor(() => (focused() as HTMLElement | null)?.id === 'f-tiers-2-name', 'the new tier focused');
    await sendKeys({ type: 'Gold' });
    (focused() as HTMLInputElement).dispatchEvent(new Event('input'));
    type(app, 'f-tiers-2-threshold', '900');
    type(app, 'f-tiers-2-multiplier', '1.5');
    // Gold (900) goes before Silver (1000): its "up" arrow, with the keyboard.
    deepQuery<HTMLButtonElement>(app, 'mc-page-program #move-2-up')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepQuery<HTMLInputElement>(app, '#f-tiers-1-name')?.value === 'Gold', 'the move');
    expect((focused() as HTMLElement).id, 'the focus follows the tier').to.equal('move-1-up');
    save(app);
    await waitFor(() => deepText(app, 'mc-page-program [role=status]').startsWith('Saved'), 'saved');
    const program = await admin.call('getProgram');
    expect(program.birthdayPoints).to.equal(321);
    expect(program.tiers.map((t) => [t.name, t.threshold, t.multiplier])).to.deep.equal([
      ['Bronze', 0, 1],
      ['Gold', 900, 1.5],
      ['Silver', 1000, 1.25],
    ]);
    await expect(app).to.be.accessible();
  });

  it("the contract's schema refuses at the field before sending, and the server's refusal shows at its field", async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/program', operators.owner, password);
    await waitFor(() => deepQuery(app, 'mc-page-program #f-name'), 'the form');
    type(app, 'f-tiers-1-multiplier', '0.5');
    save(app);
    await waitFor(() => deepQuery(app, '#f-tiers-1-multiplier[aria-invalid=true]'), 'the multiplier refused');
    expect((focused() as HTMLElement).id).to.equal('f-tiers-1-multiplier');
    expect(deepText(app, 'mc-page-program [role=alert]')).to.equal('One field needs a fix.');
    await expect(app).to.be.accessible();
    type(app, 'f-tiers-1-multiplier', '1.5');
    // Only the server knows the thresholds must nest (at risk before churned).
    type(app, 'f-segments-atRiskDays', '400');
    type(app, 'f-segments-churnedDays', '300');
    save(app);
    await waitFor(() => deepQuery(app, 'mc-page-program [id^=f-segments-][aria-invalid=true]'), 'the server refused');
    expect(deepQueryAll(app, 'mc-page-program [aria-invalid=true]').length).to.equal(1);
    expect(deepText(app, 'mc-page-program .field-error')).to.contain('atRiskDays');
    expect((focused() as HTMLElement).id).to.match(/^f-segments-/);
    await expect(app).to.be.accessible();
  });

  it('staff and viewers see the settings read-only, in Chinese too', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/program', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-program #f-name'), 'the form');
    expect(deepQuery<HTMLFieldSetElement>(app, 'mc-page-program fieldset.all')!.disabled).to.equal(true);
    expect(deepQuery(app, 'mc-page-program button[type=submit]')).to.equal(undefined);
    expect(deepText(app, 'mc-page-program .notice')).to.contain('read-only');
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-program h1') === '积分规则', 'the Chinese page');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });
});
