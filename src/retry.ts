import { OneproviderUsageError } from "./errors.js";

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

export const defaultRetryPolicy: RetryPolicy = { retries: 2, minDelayMs: 300, maxDelayMs: 10_000 };
export const noRetryPolicy: RetryPolicy = { retries: 0, minDelayMs: 0, maxDelayMs: 0 };

/**
 * Statuses worth repeating a GET for: the server or a proxy in front of it says "not now". A 500 is
 * not among them: Onedata answers it for failures that would only happen again.
 */
const transientStatuses = new Set([429, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return transientStatuses.has(status);
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

/** Validates retry options given by a caller; `false` turns retries off. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return noRetryPolicy;
  const policy = { ...defaultRetryPolicy, ...options };
  for (const key of ["retries", "minDelayMs", "maxDelayMs"] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new OneproviderUsageError(`retry.${key} must be a non-negative number`);
    }
  }
  return policy;
}
