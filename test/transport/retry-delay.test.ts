import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { OneproviderNetworkError, OneproviderTimeoutError } from "../../src/index.js";
import { isTransient, parseRetryAfterMs, retryDelayMs } from "../../src/transport/retry.js";

describe("Retry-After", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  test("delay-seconds", () => {
    expect(parseRetryAfterMs("0", now)).toBe(0);
    expect(parseRetryAfterMs(" 120 ", now)).toBe(120_000);
  });
  test("an HTTP date", () => {
    expect(parseRetryAfterMs("Fri, 27 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("Fri, 27 Nov 2026 11:00:00 GMT", now)).toBe(0);
  });
  test("garbage is ignored", () => {
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs("-5", now)).toBeUndefined();
  });
  test("is capped by maxDelayMs", () => {
    expect(retryDelayMs({ retries: 2, minDelayMs: 10, maxDelayMs: 500 }, 1, "3600", now)).toBe(500);
  });
});

describe("backoff", () => {
  const policy = { retries: 5, minDelayMs: 300, maxDelayMs: 10_000 };

  test("has full jitter: the random draw spans the whole range, so clients that failed together spread out", () => {
    expect(retryDelayMs(policy, 3, null, 0, () => 0)).toBe(150);
    expect(retryDelayMs(policy, 3, null, 0, () => 0.5)).toBe(675);
    expect(retryDelayMs(policy, 3, null, 0, () => 0.999999)).toBe(1200);
  });

  test("by default draws with Math.random: a hundred delays are not all the same", () => {
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(policy, 4, null)));
    expect(delays.size).toBeGreaterThan(10);
  });

  test("stays within [minDelayMs / 2, min(maxDelayMs, minDelayMs · 2^(attempt-1))] for any jitter", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, random) => {
          const policy = { retries: 2, minDelayMs: 300, maxDelayMs: 10_000 };
          const delay = retryDelayMs(policy, attempt, null, 0, () => random);
          expect(delay).toBeGreaterThanOrEqual(policy.minDelayMs / 2);
          expect(delay).toBeLessThanOrEqual(
            Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1)) + 1,
          );
        },
      ),
    );
  });

  test("grows with the attempt", () => {
    const policy = { retries: 5, minDelayMs: 100, maxDelayMs: 100_000 };
    expect(retryDelayMs(policy, 4, null, 0, () => 0.999)).toBeGreaterThan(
      retryDelayMs(policy, 1, null, 0, () => 0.999),
    );
  });

  const statuses = Array.from({ length: 500 }, (_, index) => index + 100);
  test("a GET is repeated after 408, 429, 502, 503 and 504 only: never a 500", () => {
    expect(statuses.filter((status) => isTransient({ status }, true))).toEqual([408, 429, 502, 503, 504]);
  });
  test("any other method only after 429 and 503, where the server certainly did not act", () => {
    expect(statuses.filter((status) => isTransient({ status }, false))).toEqual([429, 503]);
  });
  test("a timed-out attempt is transient for a wait only; a TLS failure never", () => {
    const timeout = new OneproviderTimeoutError("t", { timeoutMs: 1 });
    expect([isTransient(timeout, true), isTransient(timeout, true, true)]).toEqual([false, true]);
    for (const kind of ["tls", "plain-http"] as const)
      expect(isTransient(new OneproviderNetworkError("n", { kind }), true, true)).toBe(false);
    expect(isTransient(new OneproviderNetworkError("n", { kind: "reset" }), false)).toBe(false);
    expect(isTransient(new OneproviderNetworkError("n", { kind: "refused" }), false)).toBe(true);
  });
});
