import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { waitForWorkflowExecution } from "../../src/client/wait.js";
import { OneproviderApiError, OneproviderNetworkError } from "../../src/index.js";
import type { AtmWorkflowExecution } from "../../src/index.js";
import { makeExecution } from "../support/executions.js";

// The wait's schedule on fake timers, over a scripted poller: the times of the polls are exact, and
// nothing depends on how loaded the machine is.
beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

/** A poller whose execution takes, at each poll, the next of `statuses` (the last one stays). */
function scripted(steps: Array<string | Error>) {
  const at: number[] = [];
  const base = makeExecution({ atmWorkflowExecutionId: "w" });
  return {
    at,
    poller: {
      async getWorkflowExecution(): Promise<AtmWorkflowExecution> {
        at.push(Date.now());
        const step = steps[Math.min(at.length, steps.length) - 1]!;
        if (step instanceof Error) throw step;
        return { ...base, status: step } as AtmWorkflowExecution;
      },
    },
  };
}
const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]!);

describe("waitForWorkflowExecution's intervals", () => {
  test("grow by half while nothing changes, never past maxIntervalMs, and are short again after a change", async () => {
    const { at, poller } = scripted([...Array(7).fill("active"), "stopping", "stopping", "finished"]);
    const done = waitForWorkflowExecution(poller, "w", { intervalMs: 100, maxIntervalMs: 300 });
    await vi.runAllTimersAsync();
    expect((await done).status).toBe("finished");
    expect(gaps(at)).toEqual([100, 150, 225, 300, 300, 300, 300, 100, 150]);
  });

  test("maxIntervalMs below intervalMs: every poll at intervalMs", async () => {
    const { at, poller } = scripted([...Array(4).fill("active"), "finished"]);
    const done = waitForWorkflowExecution(poller, "w", { intervalMs: 200, maxIntervalMs: 50 });
    await vi.runAllTimersAsync();
    await done;
    expect(gaps(at)).toEqual([200, 200, 200, 200]);
  });

  test("transient failures back off on their own schedule, up to maxIntervalMs, then the interval starts over", async () => {
    const down = new OneproviderNetworkError("GET /x: failed (ECONNREFUSED)", { kind: "refused" });
    const { at, poller } = scripted(["active", down, down, down, down, "active", "finished"]);
    const failures: Array<[number, number]> = [];
    const done = waitForWorkflowExecution(poller, "w", {
      intervalMs: 100,
      maxIntervalMs: 200,
      onPollFailure: (_error, { consecutiveFailures, delayMs }) =>
        void failures.push([consecutiveFailures, delayMs]),
    });
    await vi.runAllTimersAsync();
    await done;
    expect(failures).toEqual([
      [1, 100],
      [2, 150],
      [3, 200],
      [4, 200],
    ]);
    expect(gaps(at)).toEqual([100, 100, 150, 200, 200, 150]);
  });

  test("a failure that would only happen again ends it at once, with no further poll", async () => {
    const notFound = new OneproviderApiError("GET /x: HTTP 404 notFound", {
      status: 404,
      errorId: "notFound",
    });
    const { at, poller } = scripted(["active", notFound, "finished"]);
    const done = waitForWorkflowExecution(poller, "w", { intervalMs: 100 }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await done).toBe(notFound);
    expect(at).toEqual([0, 100]);
  });
});
