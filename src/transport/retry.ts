import {
  OneproviderNetworkError,
  OneproviderTimeoutError,
  type OneproviderError,
} from "../errors/error-classes.js";

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

/** Failures after which the server certainly did not act: no connection was ever made. */
const neverConnected = new Set(["refused", "dns"]);

/**
 * The one rule for what is worth trying again: a failure that may not happen on a later try, and
 * after which a later try is safe. An `idempotent` request (a GET) may be repeated after anything that
 * says "not now"; any other only where the server certainly did not act (no connection was made, 429,
 * 503), since repeating an action that did happen turns a success into an error.
 *
 * A 500 never: on these routes Onedata answers it for a crash of its handler on this very request
 * (a list token it cannot decode, a document it cannot read), or, on 25.x, for an error another
 * service sent it, which would come back the same; a provider that restarts refuses connections or
 * answers 503 until its services are up. A TLS failure never: a certificate that is not trusted will
 * not be on the next try. An attempt that timed out only for a `wait`, the one caller whose patience
 * outlasts a single call's timeout; the wait's patience is also how many such failures it rides out in
 * a row (`maxConsecutiveFailures`).
 */
export function isTransient(
  failure: OneproviderError | { status: number },
  idempotent: boolean,
  wait = false,
): boolean {
  if (failure instanceof OneproviderNetworkError)
    return (
      failure.kind !== "tls" &&
      failure.kind !== "plain-http" &&
      (idempotent || neverConnected.has(failure.kind))
    );
  if (failure instanceof OneproviderTimeoutError) return wait;
  const { status } = failure as { status?: number };
  return (
    status === 429 || status === 503 || (idempotent && (status === 408 || status === 502 || status === 504))
  );
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
