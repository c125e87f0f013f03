/**
 * The shared chunk every data element waits for: it creates the page's one client and makes
 * it the default every mc-* element falls back to.
 */
import { createClient, type MemberCenterClient, type TokenSource } from '@member-center/client';
import { setDefaultClient } from '@member-center/elements';

export interface RuntimeOptions {
  apiUrl: string;
  publishableKey: string;
  token: TokenSource | null;
  /** data-locale: the language of the merchant's texts too. */
  locale?: string | undefined;
}

export function start({ apiUrl, publishableKey, token, locale }: RuntimeOptions): MemberCenterClient {
  const client = createClient({ baseUrl: apiUrl, publishableKey, token, locale });
  setDefaultClient(client);
  return client;
}
