import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { admin, isAdminError } from '../src/api/admin-client.js';
import { settings } from '../src/internal/settings.js';
import {
  consoleApi,
  deepQuery,
  deepQueryAll,
  deepText,
  focused,
  memberOnServer,
  openConsole,
  waitFor,
} from './helpers.js';

describe('the console pages (real API)', () => {
  it('a member: balance and tier; staff adjust points with a reason (keyboard), and the audit entry shows', async () => {
    const { password, operators } = await consoleApi();
    const before = (await memberOnServer('c-1')).points.balance;
    const app = await openConsole('#/member/c-1', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-member #points'), 'the adjustment form');
    expect(deepText(app, 'mc-page-member .stat dd')).to.contain(new Intl.NumberFormat('en').format(before));
    await waitFor(
      () => deepText(app, 'mc-page-member #history .state.empty') === 'No entries match.',
      'the empty history',
    );
    await expect(app).to.be.accessible();

    deepQuery<HTMLInputElement>(app, '#points')!.focus();
    await sendKeys({ type: '25' });
    await sendKeys({ press: 'Tab' });
    expect((focused() as HTMLElement).id).to.equal('reason');
    await sendKeys({ type: 'Parcel arrived late' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepText(app, 'mc-page-member [role=status] .notice'), 'the confirmation');
    expect(deepText(app, 'mc-page-member [role=status] .notice')).to.equal(
      `Done. The balance is now ${new Intl.NumberFormat('en').format(before + 25)}.`,
    );
    expect((await memberOnServer('c-1')).points.balance).to.equal(before + 25);
    await waitFor(
      () => deepText(app, 'mc-page-member #history tbody').includes('Parcel arrived late'),
      'the audit row',
    );
    expect(deepText(app, 'mc-page-member #history tbody')).to.contain(operators.staff);
    expect(deepText(app, 'mc-page-member #history tbody')).to.contain('points.adjusted');
    await expect(app).to.be.accessible();
  });

  it('checks the form with the contract before sending: a missing reason is named at its field', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/member/c-1', operators.owner, password);
    const points = await waitFor(() => deepQuery<HTMLInputElement>(app, '#points'), 'the form');
    points.value = '5';
    deepQuery<HTMLButtonElement>(app, 'mc-page-member button[type=submit]')!.click();
    await waitFor(() => deepQuery(app, '#reason[aria-invalid=true]'), 'the reason marked');
    expect((focused() as HTMLElement).id).to.equal('reason');
    expect(deepText(app, '#reason-error')).to.equal('Fill this in.');
  });

  it('an unknown customer id is an empty state, not an error', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/member/nobody-here', operators.viewer, password);
    await waitFor(() => deepText(app, 'mc-page-member .state.empty').includes('No member'), 'the empty state');
    expect(deepText(app, 'mc-page-member .state.empty')).to.contain('No member with this customer id.');
    await expect(app).to.be.accessible();
  });

  it('a viewer sees no adjustment form, and the API refuses the write anyway', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/member/c-1', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-member .stat'), 'the member');
    expect(deepQuery(app, '#points')).to.equal(undefined);
    expect(deepQueryAll(app, 'nav a').map((a) => a.textContent)).to.deep.equal([
      'Overview',
      'Program',
      'Members',
      'Rewards',
      'Coupons',
      'Campaigns',
      'Webhooks',
      'Audit log',
    ]);
    const refused = await admin
      .call('adjustPoints', { params: { customerId: 'c-1' }, body: { points: 1, reason: 'should not pass' } })
      .catch((e: unknown) => e);
    expect(isAdminError(refused) && refused.status).to.equal(403);
  });

  it('the members list filters by stage, with loading, empty and error states', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/members', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-members tbody tr'), 'the list');
    expect(deepText(app, 'mc-page-members tbody')).to.contain('c-1');
    const stage = deepQuery<HTMLSelectElement>(app, '#stage')!;
    stage.value = 'churned';
    deepQuery<HTMLButtonElement>(app, 'mc-page-members form[aria-labelledby=list-title] button')!.click();
    await waitFor(() => deepText(app, 'mc-page-members .state.empty') === 'No member matches.', 'the empty state');
    const rfm = deepQuery<HTMLInputElement>(app, '#rfm')!;
    stage.value = '';
    rfm.value = '9-9-9';
    deepQuery<HTMLButtonElement>(app, 'mc-page-members form[aria-labelledby=list-title] button')!.click();
    await waitFor(() => deepQuery(app, 'mc-page-members .state.error'), 'the error state');
    expect(deepText(app, 'mc-page-members .state.error')).to.contain('rfm');
    await expect(app).to.be.accessible();
  });

  it('the members list searches by email and name, and filters by tier', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/members', operators.viewer, password);
    await waitFor(() => deepQuery(app, 'mc-page-members tbody tr'), 'the list');
    await waitFor(() => deepQuery(app, '#tierId option[value]:not([value=""])'), 'the tiers');
    const submit = () => deepQuery<HTMLButtonElement>(app, 'mc-page-members form[role=search] button')!.click();
    const rows = () => deepQueryAll(app, 'mc-page-members tbody tr').map((r) => r.textContent ?? '');
    const q = deepQuery<HTMLInputElement>(app, '#q')!;
    q.value = 'LI@example';
    submit();
    await waitFor(() => rows().length === 1 && rows()[0]!.includes('c-2'), 'the member found by email');
    expect(rows()[0]).to.contain('李雷').and.contain('li@example.com');
    q.value = '李';
    submit();
    await waitFor(() => rows().length === 1 && rows()[0]!.includes('c-2'), 'the member found by name');
    await expect(app).to.be.accessible();
    q.value = 'c-';
    const tier = deepQuery<HTMLSelectElement>(app, '#tierId')!;
    tier.value = deepQueryAll<HTMLOptionElement>(app, '#tierId option').find((o) => o.textContent === 'Silver')!.value;
    submit();
    await waitFor(() => deepText(app, 'mc-page-members .state.empty') === 'No member matches.', 'nobody at Silver');
    tier.value = deepQueryAll<HTMLOptionElement>(app, '#tierId option').find((o) => o.textContent === 'Bronze')!.value;
    submit();
    await waitFor(() => rows().some((r) => r.includes('c-1')), 'c-1 at Bronze');
    settings.setLang('zh-CN');
    await waitFor(() => deepText(app, 'mc-page-members label[for=q]') === '搜索', 'the Chinese labels');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });

  it('webhooks: an owner resends a failed delivery after a confirm; it is pending again and audited', async () => {
    const { url } = await executeServerCommand<{ url: string }, undefined>('console-api:failed-delivery');
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/webhooks', operators.owner, password);
    const show = await waitFor(
      () =>
        deepQueryAll<HTMLButtonElement>(app, 'mc-page-webhooks button[aria-pressed]').find((b) =>
          b.getAttribute('aria-label')?.includes(url),
        ),
      'the endpoint',
    );
    show.click();
    const resend = await waitFor(
      () => deepQuery<HTMLButtonElement>(app, 'mc-page-webhooks button[aria-label^="Resend tier.changed"]'),
      'the resend button',
    );
    expect(deepText(app, 'mc-page-webhooks tbody .badge.bad')).to.equal('Failed');
    await expect(app).to.be.accessible();
    const original = window.confirm;
    window.confirm = () => false;
    resend.click();
    expect(deepText(app, 'mc-page-webhooks [role=status]')).to.equal('', 'nothing without a yes');
    window.confirm = () => true;
    try {
      resend.click();
      await waitFor(() => deepText(app, 'mc-page-webhooks [role=status]').includes('pending again'), 'the result');
    } finally {
      window.confirm = original;
    }
    await waitFor(() => deepText(app, 'mc-page-webhooks tbody').includes('Pending'), 'the delivery pending');
    expect(deepQuery(app, 'mc-page-webhooks button[aria-label^="Resend"]')).to.equal(undefined);
    const log = await admin.console('listAudit', { query: { action: 'webhook.resent' } });
    expect(log.items[0]?.operator.email).to.equal(operators.owner);
    await expect(app).to.be.accessible();
  });

  it('the audit log filters by action; keys rotate (owner) and the rotation is logged', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/keys', operators.owner, password);
    const rotate = await waitFor(() => deepQuery<HTMLButtonElement>(app, 'mc-page-keys section button'), 'the keys');
    await expect(app).to.be.accessible();
    rotate.click();
    await waitFor(() => deepText(app, 'mc-page-keys [role=status] code'), 'the new key');
    expect(deepText(app, 'mc-page-keys [role=status] code')).to.match(/^pk_/);
    await waitFor(() => deepText(app, 'mc-page-keys .hint').includes('works until'), 'the overlap note');

    location.hash = '#/audit';
    await waitFor(() => deepQuery(app, 'mc-page-audit tbody tr'), 'the log');
    expect((focused() as HTMLElement).tagName, 'the new page heading has the focus').to.equal('H1');
    const action = deepQuery<HTMLSelectElement>(app, '#action')!;
    action.value = 'keys.*';
    deepQuery<HTMLButtonElement>(app, 'mc-page-audit form button')!.click();
    await waitFor(
      () => deepQueryAll(app, 'mc-page-audit tbody .badge').every((b) => b.textContent === 'keys.rotated'),
      'only key rotations',
    );
    await expect(app).to.be.accessible();
  });

  it('rewards: a staff member creates one, the server refuses a bad image URL at its field', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/rewards', operators.staff, password);
    await waitFor(() => deepQuery(app, 'mc-page-rewards tbody tr'), 'the rewards');
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards p > button.primary')!.click();
    const name = await waitFor(() => deepQuery<HTMLInputElement>(app, '#reward-name'), 'the form');
    name.value = 'Sticker';
    deepQuery<HTMLInputElement>(app, '#reward-cost')!.value = '0';
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards form button.primary')!.click();
    await waitFor(() => deepQuery(app, '#reward-cost[aria-invalid=true]'), 'the cost refused');
    deepQuery<HTMLInputElement>(app, '#reward-cost')!.value = '120';
    deepQuery<HTMLButtonElement>(app, 'mc-page-rewards form button.primary')!.click();
    await waitFor(() => deepText(app, 'mc-page-rewards tbody').includes('Sticker'), 'the new reward');
    expect(deepText(app, 'mc-page-rewards [role=status]')).to.equal('Saved.');
    await expect(app).to.be.accessible();
  });

  it('the account menu opens with the keyboard, closes with Escape, and signs out (the session ends)', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole('#/members', operators.owner, password);
    const account = await waitFor(() => deepQuery<HTMLButtonElement>(app, '#account'), 'the account menu');
    account.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepQuery(app, '#account-menu'), 'the menu');
    expect(account.getAttribute('aria-expanded')).to.equal('true');
    expect((focused() as HTMLElement).textContent?.trim()).to.equal('Sign out');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !deepQuery(app, '#account-menu'), 'the menu closed');
    expect(focused()).to.equal(account);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepQuery(app, '#account-menu'), 'the menu');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepQuery(app, '#email'), 'the sign-in');
    const after = await admin.console('getSession').catch((e: unknown) => e);
    expect(isAdminError(after) && after.status).to.equal(401);
  });
});
