import { createClient, isApiError, type TokenSource } from '@member-center/client';
import { setDefaultClient } from '@member-center/elements';
// Registers every mc-* tag (import the classes from '@member-center/elements' to pick your own names).
import '@member-center/elements/define';
import './style.css';

const env = import.meta.env;
const STORAGE_KEY = 'mc-example-token';

/**
 * Where the member token comes from. In a real shop, your backend signs it with the secret key
 * for the logged-in shopper and VITE_MC_TOKEN_URL points there. Without one, this example lets
 * you paste a token (`pnpm start` prints one for the demo member): the secret key never reaches
 * the browser either way.
 */
function tokenSource(): TokenSource | null {
  const tokenUrl = env.VITE_MC_TOKEN_URL;
  if (tokenUrl) {
    return async () => {
      const res = await fetch(tokenUrl, { credentials: 'include' });
      if (!res.ok) return null;
      const body = (await res.text()).trim();
      return body.startsWith('{') ? ((JSON.parse(body) as { token?: string | null }).token ?? null) : body || null;
    };
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

const client = createClient({
  baseUrl: env.VITE_MC_API_URL || 'http://localhost:8787',
  publishableKey: env.VITE_MC_PUBLISHABLE_KEY ?? '',
  token: tokenSource(),
});
// Every mc-* element without its own `.client` (or an <mc-provider> around it) uses this one.
setDefaultClient(client);

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector) as T;
const toast = $<HTMLParagraphElement>('#toast');
const form = $<HTMLFormElement>('#login');
const logout = $<HTMLButtonElement>('#logout');

if (!env.VITE_MC_PUBLISHABLE_KEY) $<HTMLElement>('#config-error').hidden = false;

// The token form (only without VITE_MC_TOKEN_URL).
function showLogin() {
  const member = client.isMember;
  form.hidden = Boolean(env.VITE_MC_TOKEN_URL) || member;
  logout.hidden = Boolean(env.VITE_MC_TOKEN_URL) || !member;
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = new FormData(form).get('token')?.toString().trim();
  if (!token) return;
  sessionStorage.setItem(STORAGE_KEY, token);
  client.setToken(token); // every element reloads for this member
  form.reset();
  showLogin();
});
logout.addEventListener('click', () => {
  sessionStorage.removeItem(STORAGE_KEY);
  client.setToken(null); // back to what a guest sees
  toast.textContent = '';
  showLogin();
});
showLogin();

// Typed events: 'mc-redeem' is an McRedeemEvent (GlobalEventHandlersEventMap), so `e.redemption`
// and `e.balance` need no cast. The events bubble and are composed: listen on the element or higher.
const bazaar = document.querySelector('mc-rewards-bazaar'); // McRewardsBazaar | null, via HTMLElementTagNameMap
bazaar?.addEventListener('mc-redeem', (e) => {
  toast.textContent = `Redeemed ${e.reward.name}: your coupon code is ${e.redemption.code} (${e.balance} points left).`;
});
document.addEventListener('mc-share', (e) => console.info(`shared via ${e.channel}: ${e.url}`));
document.addEventListener('mc-error', (e) => {
  // The element shows the error in place too; a page can add its own handling.
  if (isApiError(e.error) && (e.error.code === 'unauthenticated' || e.error.code === 'token_expired')) {
    toast.textContent = 'That token was not accepted. Paste a fresh one.';
    sessionStorage.removeItem(STORAGE_KEY);
  }
});
