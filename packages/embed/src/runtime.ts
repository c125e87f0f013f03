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
}

export function start({ apiUrl, publishableKey, token }: RuntimeOptions): MemberCenterClient {
  const client = createClient({ baseUrl: apiUrl, publishableKey, token });
  setDefaultClient(client);
  return client;
}
