/** How long a referral code from a `?ref=` link is kept. */
export const REFERRAL_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const REFERRAL_KEY = 'member-center:ref';

interface StoredReferral {
  code: string;
  /** Epoch milliseconds after which the code is forgotten. */
  expires: number;
}

/** Codes are short and URL-safe; anything else in `?ref=` is not ours (or is an injection attempt). */
const CODE = /^[\w-]{1,64}$/;

// localStorage throws in sandboxed frames, with storage disabled, or when full: fall back to memory.
let memory: StoredReferral | undefined;

function readStored(): StoredReferral | undefined {
  let raw: string | null;
  try {
    raw = localStorage.getItem(REFERRAL_KEY);
  } catch {
    return memory;
  }
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<StoredReferral> | null;
    if (typeof value?.code === 'string' && typeof value.expires === 'number') return value as StoredReferral;
  } catch {}
  return undefined;
}

/**
 * Keeps the `?ref=CODE` of the landing page for 30 days in first-party storage (the last link
 * followed wins), so the merchant can attribute the referral at sign-up or checkout.
 */
export function captureReferral(search: string, now = Date.now()): void {
  const code = new URLSearchParams(search).get('ref')?.trim();
  if (!code || !CODE.test(code)) return;
  memory = { code, expires: now + REFERRAL_TTL_MS };
  try {
    localStorage.setItem(REFERRAL_KEY, JSON.stringify(memory));
  } catch {}
}

/** The referral code kept from a `?ref=` link within the last 30 days, or null. */
export function referralCode(now = Date.now()): string | null {
  const stored = readStored();
  if (stored && stored.expires > now && CODE.test(stored.code)) return stored.code;
  if (stored || memory) {
    memory = undefined;
    try {
      localStorage.removeItem(REFERRAL_KEY);
    } catch {}
  }
  return null;
}
