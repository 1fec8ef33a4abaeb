import { afterEach, describe, expect, test, vi } from "vitest";
import {
  createOneproviderClient,
  OneproviderApiError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "../../src/index.js";
import { rejectionOf, sendJson, startTestServer, type TestServer } from "../support/http-server.js";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";

const wid = "wid-1";
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A provider whose execution takes, at each request, the next state of `timeline` (the last one stays). */
async function providerWith(timeline: Array<Record<string, unknown> | { httpStatus: number }>) {
  const base = makeExecution({ atmWorkflowExecutionId: wid });
  server = await startTestServer((_q, response, attempt) => {
    const state = timeline[Math.min(attempt, timeline.length) - 1]!;
    if (typeof state.httpStatus === "number") {
      return sendJson(response, state.httpStatus, {
        error: { id: "notFound", description: "The resource could not be found." },
      });
    }
    sendJson(response, 200, { ...base, ...state });
  });
  const client = createOneproviderClient({
    baseUrl: server.baseUrl,
    token: "t",
    retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
  });
  return { client, server };
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("waitForWorkflowExecution", () => {
  test("polls until the execution is ended, calling onUpdate once per change", async () => {
    const { client, server } = await providerWith([
      { status: "scheduled" },
      { status: "scheduled" },
      { status: "active" },
      { status: "active" },
      { status: "active" },
      { status: "finished" },
    ]);
    const updates: string[] = [];
    const execution = await client.waitForWorkflowExecution(wid, {
      intervalMs: 5,
      onUpdate: (current, previous) => updates.push(`${previous?.status ?? "-"}→${current.status}`),
    });
    expect(execution.status).toBe("finished");
    expect(updates).toEqual(["-→scheduled", "scheduled→active", "active→finished"]);
    expect(server.requests).toHaveLength(6);
  });

  test("a change deeper than the status (a lane run moving on) is an update too", async () => {
    const lanes = (status: string) => [makeLane([makeLaneRun({ status })])];
    const { client } = await providerWith([
      { status: "active", lanes: lanes("preparing") },
      { status: "active", lanes: lanes("active") },
      { status: "finished", lanes: lanes("finished") },
    ]);
    let updates = 0;
    await client.waitForWorkflowExecution(wid, { intervalMs: 5, onUpdate: () => (updates += 1) });
    expect(updates).toBe(3);
  });

  test("a custom until", async () => {
    const { client } = await providerWith([
      { status: "scheduled" },
      { status: "active" },
      { status: "finished" },
    ]);
    const execution = await client.waitForWorkflowExecution(wid, {
      intervalMs: 5,
      until: (e) => e.status === "active",
    });
    expect(execution.status).toBe("active");
  });

  test("404 in the middle of the wait ends it at once", async () => {
    const { client, server } = await providerWith([
      { status: "active" },
      { status: "active" },
      { httpStatus: 404 },
    ]);
    const error = await rejectionOf(client.waitForWorkflowExecution(wid, { intervalMs: 5 }));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({ status: 404, errorId: "notFound" });
    expect(server.requests).toHaveLength(3);
  });

  test("timeoutMs gives OneproviderTimeoutError, when the wait's time (fake timers) is up", async () => {
    const { client } = await providerWith([{ status: "active" }]);
    const { settled, outcome } = await onFakeTime(
      () => client.waitForWorkflowExecution(wid, { intervalMs: 20, timeoutMs: 150 }),
      150,
    );
    expect(settled).toBe(true);
    expect(outcome).toBeInstanceOf(OneproviderTimeoutError);
    expect(outcome).toMatchObject({ timeoutMs: 150, wid });
  });

  test("a poll that hangs past the wait's timeoutMs ends with the wait's timeout, not the attempt's 60 s", async () => {
    server = await startTestServer(() => undefined);
    const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t", timeoutMs: 60_000 });
    const { settled, outcome } = await onFakeTime(
      () => client.waitForWorkflowExecution(wid, { timeoutMs: 150 }),
      150,
    );
    expect(settled).toBe(true);
    expect(outcome).toBeInstanceOf(OneproviderTimeoutError);
    expect(outcome).toMatchObject({ timeoutMs: 150 });
    expect((outcome as Error).message).toContain("waiting for workflow execution");
  });

  test("the caller's abort rejects with the caller's reason, and stops polling", async () => {
    const before = timers();
    const { client, server } = await providerWith([{ status: "active" }]);
    const controller = new AbortController();
    // Aborted from inside the wait, at its third poll: a state, not a number of milliseconds.
    let polls = 0;
    const wait = client.waitForWorkflowExecution(wid, {
      intervalMs: 10,
      signal: controller.signal,
      until: () => (++polls === 3 && controller.abort("enough"), false),
    });
    expect(await rejectionOf(wait)).toBe("enough");
    expect(server.requests).toHaveLength(3);
    // No timer of the wait is left to poll again (fewer is fine: an earlier connection's keep-alive may expire).
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test("leaves no timer behind, whichever way it ends", async () => {
    // At most as many as before: a keep-alive timer of an earlier test's connection may expire meanwhile.
    const before = timers();
    const { client } = await providerWith([{ status: "active" }, { status: "finished" }]);
    await client.waitForWorkflowExecution(wid, { intervalMs: 5, timeoutMs: 60_000, maxIntervalMs: 30_000 });
    expect(timers()).toBeLessThanOrEqual(before);
    const controller = new AbortController();
    await rejectionOf(
      client.waitForWorkflowExecution(wid, {
        intervalMs: 10_000,
        timeoutMs: 60_000,
        // Aborted while the wait sleeps its 10 s: right after the poll, whatever the machine's speed.
        until: () => (setImmediate(() => controller.abort()), false),
        signal: controller.signal,
      }),
    );
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test.each<[string, object]>([
    ["a negative interval", { intervalMs: -1 }],
    ["a zero timeout", { timeoutMs: 0 }],
    ["until that is not a function", { until: "finished" }],
  ])("%s is a usage error", async (_label, options) => {
    const { client } = await providerWith([{ status: "active" }]);
    expect(await rejectionOf(client.waitForWorkflowExecution(wid, options as never))).toBeInstanceOf(
      OneproviderUsageError,
    );
  });
});

test("a wait's durations a timer cannot wait are refused, not fired at once", async () => {
  const client = createOneproviderClient({ host: "provider.example.org", token: "t" });
  for (const options of [{ intervalMs: 2 ** 31 }, { maxIntervalMs: 2 ** 40 }, { timeoutMs: 2 ** 31 }])
    expect(await rejectionOf(client.waitForWorkflowExecution("wid", options))).toBeInstanceOf(
      OneproviderUsageError,
    );
});

/**
 * Starts `start` with setTimeout faked, lets `ms` of fake time pass, and says whether it settled by
 * then and how: a wait that needs more time than that (a real 60 s attempt timeout) is still pending.
 */
async function onFakeTime(start: () => Promise<unknown>, ms: number) {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  try {
    let settled = false;
    let outcome: unknown;
    const done = start().then(
      (value) => {
        settled = true;
        outcome = value;
      },
      (error: unknown) => {
        settled = true;
        outcome = error;
      },
    );
    await vi.advanceTimersByTimeAsync(ms);
    // An abort rejects at once, I/O or not: nothing more is waited for.
    await Promise.race([done, Promise.resolve()]);
    return { settled, outcome };
  } finally {
    vi.useRealTimers();
  }
}
