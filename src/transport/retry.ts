/** How a failed attempt is repeated. */
export interface RetryOptions {
  /** How many times to repeat after the first attempt. Default 2. */
  retries?: number;
  /** The first backoff step, in ms. Default 300. */
  minDelayMs?: number;
  /** No wait is longer, `Retry-After` included. Default 10 000. */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

/**
 * Whether an answer with this status is worth repeating. A GET: the server or a proxy says "not now"
 * (429, 502, 503, 504). Any other method only where the server certainly did not act (429, 503): after
 * a 502 or 504 the action may have happened, and repeating it would turn a success into an error. A
 * 500 never: Onedata answers it for failures that would only happen again.
 */
export function isRepeatableStatus(status: number, idempotent: boolean): boolean {
  return status === 429 || status === 503 || (idempotent && (status === 502 || status === 504));
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential backoff with full
 * jitter, or the server's `Retry-After` when it gives one; never more than `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfter: string | null,
  now = Date.now(),
  random = Math.random,
): number {
  const fromServer = retryAfter === null ? undefined : parseRetryAfterMs(retryAfter, now);
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  return Math.round(policy.minDelayMs / 2 + random() * Math.max(0, ceiling - policy.minDelayMs / 2));
}

/** `Retry-After` in either of its forms (delay-seconds or an HTTP date), as ms from `now`. */
export function parseRetryAfterMs(value: string, now = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its day and month; a bare number that is not delay-seconds is garbage.
  if (!/^[A-Za-z]{3},/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
