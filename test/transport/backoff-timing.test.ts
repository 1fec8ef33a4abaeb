import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import type { RetryEvent } from "../../src/index.js";
import { execution, wid } from "../support/both-engines.js";
import { scriptedEngine, type Step } from "../support/scripted-engine.js";

// How long the transport waits between attempts, on a fake clock: no wall-clock margins, so a loaded
// machine cannot make these flaky.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2026-11-27T12:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

const ok: Step = { status: 200, body: JSON.stringify(execution) };

function clientOver(steps: Step[], retry: { retries: number; minDelayMs: number; maxDelayMs: number }) {
  const engine = scriptedEngine(steps);
  const retries: RetryEvent[] = [];
  const client = createClientWithEngine(
    {
      baseUrl: "https://provider.test/api/v3/oneprovider",
      token: "t",
      retry,
      onRetry: (event) => void retries.push(event),
    },
    engine,
  );
  return { client, engine, retries };
}

/** Starts a call and reports how many attempts were made after each span of fake time. */
async function attemptsAfter(
  { client, engine }: ReturnType<typeof clientOver>,
  spansMs: number[],
): Promise<number[]> {
  const call = client.getWorkflowExecution(wid);
  call.catch(() => undefined);
  const counts: number[] = [];
  for (const span of spansMs) {
    await vi.advanceTimersByTimeAsync(span);
    counts.push(engine.requests.length);
  }
  await expect(call).resolves.toEqual(execution);
  return counts;
}

describe("the wait before a repeat", () => {
  test("Retry-After in seconds: not a moment sooner, and then at once", async () => {
    const setup = clientOver([{ status: 429, headers: { "retry-after": "2" } }, ok], {
      retries: 1,
      minDelayMs: 1,
      maxDelayMs: 10_000,
    });
    expect(await attemptsAfter(setup, [0, 1_999, 1])).toEqual([1, 1, 2]);
    expect(setup.retries.map((event) => event.delayMs)).toEqual([2_000]);
  });

  test("Retry-After as an HTTP date: until that moment", async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();
    const setup = clientOver([{ status: 503, headers: { "retry-after": at } }, ok], {
      retries: 1,
      minDelayMs: 1,
      maxDelayMs: 10_000,
    });
    expect(await attemptsAfter(setup, [0, 2_999, 1])).toEqual([1, 1, 2]);
  });

  test("Retry-After beyond maxDelayMs: maxDelayMs", async () => {
    const setup = clientOver([{ status: 503, headers: { "retry-after": "3600" } }, ok], {
      retries: 1,
      minDelayMs: 1,
      maxDelayMs: 500,
    });
    expect(await attemptsAfter(setup, [0, 499, 1])).toEqual([1, 1, 2]);
  });

  test("without Retry-After, the backoff starts from minDelayMs, not maxDelayMs", async () => {
    const setup = clientOver([{ status: 502 }, ok], { retries: 1, minDelayMs: 100, maxDelayMs: 60_000 });
    // Full jitter between minDelayMs / 2 and minDelayMs on the first repeat.
    expect(await attemptsAfter(setup, [0, 49, 51])).toEqual([1, 1, 2]);
    expect(setup.retries[0]!.delayMs).toBeGreaterThanOrEqual(50);
    expect(setup.retries[0]!.delayMs).toBeLessThanOrEqual(100);
  });

  test("each attempt gets a fresh timer: slow answers add up past one timeout", async () => {
    const slowOk = scriptedEngine([ok]);
    // Every answer takes 150 ms of a 1 000 ms budget; eight calls take longer than one budget.
    const engine = ((url: string, init: Parameters<typeof slowOk>[1]) =>
      new Promise((resolve) => setTimeout(() => resolve(slowOk(url, init)), 150))) as typeof slowOk;
    const client = createClientWithEngine(
      { baseUrl: "https://provider.test/api/v3/oneprovider", token: "t", timeoutMs: 1_000 },
      engine,
    );
    for (let call = 0; call < 8; call += 1) {
      const answer = client.getWorkflowExecution(wid);
      await vi.advanceTimersByTimeAsync(150);
      await expect(answer).resolves.toEqual(execution);
    }
  });
});
