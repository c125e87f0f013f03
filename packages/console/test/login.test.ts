import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { settings } from '../src/internal/settings.js';
import { consoleApi, deepQuery, deepText, focused, openConsole, waitFor } from './helpers.js';

describe('the console sign-in (real API)', () => {
  it('shows an accessible form, refuses a wrong password, and signs in with the keyboard alone', async () => {
    const { password, operators } = await consoleApi();
    const app = await openConsole();
    const email = await waitFor(() => deepQuery<HTMLInputElement>(app, '#email'), 'the email field');
    await expect(app).to.be.accessible();
    expect(deepText(app, 'h1')).to.equal('Sign in');

    // Keyboard: the email field, the password, Enter.
    email.focus();
    await sendKeys({ type: operators.owner });
    await sendKeys({ press: 'Tab' });
    expect((focused() as HTMLInputElement).id).to.equal('password');
    await sendKeys({ type: 'not the password' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepText(app, '[role=alert] .notice'), 'the refusal');
    expect(deepText(app, '[role=alert] .notice')).to.equal('The email or the password is not right.');
    expect((focused() as HTMLInputElement).id, 'the focus returns to the password').to.equal('password');
    await expect(app).to.be.accessible();

    (focused() as HTMLInputElement).select();
    await sendKeys({ type: password });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepQuery(app, 'nav'), 'the shell');
    expect(deepText(app, 'nav a[aria-current=page]')).to.equal('Members');
    expect(deepText(app, '.brand span')).to.equal('Console Test Shop');
    await waitFor(() => deepQuery(app, 'mc-page-members table'), 'the member list');
    await expect(app).to.be.accessible();
  });

  it('says when an account is locked out, and how long to wait', async () => {
    const { operators } = await consoleApi();
    const app = await openConsole();
    const email = await waitFor(() => deepQuery<HTMLInputElement>(app, '#email'), 'the email field');
    const passwordField = deepQuery<HTMLInputElement>(app, '#password')!;
    const submit = deepQuery<HTMLButtonElement>(app, 'button[type=submit]')!;
    email.value = operators.locked;
    let message = '';
    for (let i = 0; i < 7 && !message.includes('Too many'); i++) {
      passwordField.value = `wrong ${i}`;
      submit.click(); // submits synchronously: the form is busy until the answer is shown
      const login = deepQuery(app, 'mc-page-login') as unknown as { busy: boolean };
      expect(login.busy).to.equal(true);
      await waitFor(() => !login.busy, 'an answer');
      message = deepText(app, '[role=alert] .notice');
    }
    expect(message).to.match(/^Too many failed attempts\. Try again in \d+ seconds?\.$/);
    await expect(app).to.be.accessible();
  });

  it('switches to dark and back with the theme control, and stays accessible in both', async () => {
    const app = await openConsole();
    await waitFor(() => deepQuery(app, '#email'), 'the email field');
    const theme = deepQuery<HTMLSelectElement>(app, '#theme')!;
    const background = () => getComputedStyle(document.documentElement).backgroundColor;
    theme.value = 'dark';
    theme.dispatchEvent(new Event('change'));
    expect(document.documentElement.dataset.theme).to.equal('dark');
    expect(background()).to.equal('rgb(15, 18, 23)');
    await expect(app).to.be.accessible();
    theme.value = 'light';
    theme.dispatchEvent(new Event('change'));
    expect(background()).to.equal('rgb(246, 247, 249)');
    await expect(app).to.be.accessible();
    expect(localStorage.getItem('mc-console-theme')).to.equal('light');
    settings.setTheme('system');
  });

  it('speaks Chinese and keeps the choice; empty fields are named', async () => {
    const app = await openConsole();
    await waitFor(() => deepQuery(app, '#email'), 'the email field');
    const lang = deepQuery<HTMLSelectElement>(app, '#lang')!;
    lang.value = 'zh-CN';
    lang.dispatchEvent(new Event('change'));
    await waitFor(() => deepText(app, 'h1') === '登录', 'the Chinese heading');
    expect(document.documentElement.lang).to.equal('zh-CN');
    deepQuery<HTMLButtonElement>(app, 'button[type=submit]')!.click();
    await waitFor(() => deepQuery(app, '#email[aria-invalid=true]'), 'the email marked');
    expect(deepText(app, '#email-error')).to.equal('请填写此项。');
    expect((focused() as HTMLElement).id).to.equal('email');
    await expect(app).to.be.accessible();
    settings.setLang('en');
  });
});
