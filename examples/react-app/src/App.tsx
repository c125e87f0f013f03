import { createClient, type TokenSource } from '@member-center/client';
import type { McRedeemEvent } from '@member-center/elements';
import { type FormEvent, useState } from 'react';

const env = import.meta.env;
const STORAGE_KEY = 'mc-example-token';

/**
 * The member token: from your backend (VITE_MC_TOKEN_URL, signed there with the secret key),
 * or, in this example, pasted into the form (`pnpm start` prints one for the demo member).
 */
function tokenSource(): TokenSource | null {
  const tokenUrl = env.VITE_MC_TOKEN_URL;
  if (!tokenUrl) return sessionStorage.getItem(STORAGE_KEY);
  return async () => {
    const res = await fetch(tokenUrl, { credentials: 'include' });
    if (!res.ok) return null;
    const body = (await res.text()).trim();
    return body.startsWith('{') ? ((JSON.parse(body) as { token?: string | null }).token ?? null) : body || null;
  };
}

// One client for the whole app (outside the component: re-renders must not make new ones).
const client = createClient({
  baseUrl: env.VITE_MC_API_URL || 'http://localhost:8787',
  publishableKey: env.VITE_MC_PUBLISHABLE_KEY ?? '',
  token: tokenSource(),
});

export function App() {
  const [member, setMember] = useState(client.isMember);
  const [toast, setToast] = useState<string>();

  const logIn = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = new FormData(event.currentTarget).get('token')?.toString().trim();
    if (!token) return;
    sessionStorage.setItem(STORAGE_KEY, token);
    client.setToken(token); // every element reloads for this member
    setMember(true);
  };
  const logOut = () => {
    sessionStorage.removeItem(STORAGE_KEY);
    client.setToken(null);
    setMember(false);
    setToast(undefined);
  };
  // `event` is an McRedeemEvent: typed from the `onmc-redeem` prop in @member-center/elements/react.
  const onRedeem = (event: McRedeemEvent) =>
    setToast(
      `Redeemed ${event.reward.name}: your coupon code is ${event.redemption.code} (${event.balance} points left).`,
    );

  return (
    <>
      <header className="bar">
        <strong>Member Center · React 19</strong>
        {env.VITE_MC_TOKEN_URL ? null : member ? (
          <button type="button" onClick={logOut}>
            Log out
          </button>
        ) : (
          <form onSubmit={logIn}>
            <label>
              Member token{' '}
              <input name="token" autoComplete="off" spellCheck={false} placeholder="eyJhbGciOi…" required />
            </label>
            <button type="submit">Use token</button>
          </form>
        )}
      </header>
      {env.VITE_MC_PUBLISHABLE_KEY ? null : (
        <p className="notice">
          Set <code>VITE_MC_PUBLISHABLE_KEY</code> in <code>examples/react-app/.env.local</code> (see the README) and
          restart <code>pnpm dev</code>.
        </p>
      )}
      <p className="notice" role="status" aria-live="polite">
        {toast}
      </p>

      {/* <mc-provider> hands the client to every element inside it (or pass client={client} to each). */}
      <mc-provider client={client}>
        <main>
          <div className="summary">
            <mc-points-balance />
            <mc-tier-progress theme="auto" />
          </div>
          <mc-rewards-bazaar
            sort="cost-asc"
            onmc-redeem={onRedeem}
            onmc-error={(event) => console.warn(`mc-error (${event.operation})`, event.error)}
          />
          <div className="columns">
            <mc-referral-share onmc-share={(event) => console.info(`shared via ${event.channel}: ${event.url}`)} />
            <mc-coupons />
          </div>
          <mc-points-history />
        </main>
      </mc-provider>
    </>
  );
}
