import type { IneligibleReason } from '@member-center/contract';

const REASONS: ReadonlySet<string> = new Set(['insufficient_points', 'out_of_stock', 'tier_locked', 'limit_reached']);

/** The API's 422 business code, when a failure is one (read by shape so no client code is bundled). */
export function ineligibleReasonOf(error: unknown): IneligibleReason | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && REASONS.has(code) ? (code as IneligibleReason) : undefined;
}

/** Whether trying the same request again may succeed: network trouble, timeouts, 429 and 5xx. */
export function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status === 429 || status >= 500;
}
