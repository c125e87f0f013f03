/**
 * Asks the merchant's token endpoint for the shopper's member token, sending the shop's
 * cookies. It answers `{"token": "…"}` for a logged-in shopper and `{"token": null}` (or 401,
 * 403, 204) for a guest; anything else is an error the widgets show (with Retry).
 */
export async function fetchToken(url: string): Promise<string | null> {
  const response = await fetch(url, {
    credentials: 'include',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 401 || response.status === 403 || response.status === 204) return null;
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const token = (body as { token?: unknown } | undefined)?.token;
  if (token === null || (typeof token === 'string' && token)) return token;
  throw new Error(`[Member Center] data-token-url answered ${response.status} without {"token": "…" | null}: ${url}`);
}
