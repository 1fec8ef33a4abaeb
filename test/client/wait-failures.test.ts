import { describe, expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderUsageError,
} from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import { makeExecution } from "../support/executions.js";
import { scriptedEngine, systemError, type Step } from "../support/scripted-engine.js";

// A wait left running for hours meets a provider that restarts, a proxy that answers 502, a poll that
// times out. It rides them out with its own backoff, a bounded number in a row, and ends at once on an
// answer that would only come again.
const wid = "wid-long";
const state = (status: string): Step => ({
  status: 200,
  body: JSON.stringify(makeExecution({ atmWorkflowExecutionId: wid, status })),
});
const envelope = (status: number, id: string): Step => ({
  status,
  body: JSON.stringify({ error: { id, description: id } }),
});

function clientOver(steps: Step[]) {
  const engine = scriptedEngine(steps);
  // The client's own retry is off, so each failure here is one failed poll.
  return {
    engine,
    client: createClientWithEngine({ baseUrl: "https://p.test/api", token: "tk", retry: false }, engine),
  };
}

describe("a wait rides out transient failures", () => {
  test.each([
    ["a 502 from a proxy", { status: 502, body: "<html>bad gateway</html>" }],
    ["a 503", envelope(503, "serviceUnavailable")],
    ["a 429", envelope(429, "tooManyRequests")],
    ["a 408", envelope(408, "requestTimeout")],
    ["a refused connection", { throws: systemError("ECONNREFUSED") }],
    ["a reset connection", { throws: systemError("ECONNRESET") }],
  ] as Array<[string, Step]>)("%s twice in a row, then the execution ends", async (_label, failure) => {
    const { client, engine } = clientOver([state("active"), failure, failure, state("finished")]);
    const updates: string[] = [];
    const failures: Array<{ error: OneproviderError; consecutiveFailures: number; delayMs: number }> = [];
    const execution = await client.waitForWorkflowExecution(wid, {
      intervalMs: 1,
      onUpdate: (current) => updates.push(current.status),
      onPollFailure: (error, retry) => failures.push({ error, ...retry }),
    });
    expect(execution.status).toBe("finished");
    expect(engine.requests).toHaveLength(4);
    // onUpdate sees states only; the failures go to onPollFailure, counted, with the pause before the next poll.
    expect(updates).toEqual(["active", "finished"]);
    expect(failures.map((each) => each.consecutiveFailures)).toEqual([1, 2]);
    expect(failures.every((each) => each.error instanceof OneproviderError && each.delayMs > 0)).toBe(true);
    expect(failures[1]!.delayMs).toBeGreaterThan(failures[0]!.delayMs);
  });

  test("a poll that times out is a transient failure too", async () => {
    const engine = scriptedEngine([state("active"), state("finished")]);
    let calls = 0;
    const slowOnce = async (url: string, request: Parameters<typeof engine>[1]) => {
      calls += 1;
      if (calls === 2)
        return new Promise<never>((_resolve, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        );
      return engine(url, request);
    };
    const slowClient = createClientWithEngine(
      { baseUrl: "https://p.test/api", token: "tk", retry: false, timeoutMs: 20 },
      slowOnce,
    );
    const failures: string[] = [];
    const execution = await slowClient.waitForWorkflowExecution(wid, {
      intervalMs: 1,
      onPollFailure: (error) => failures.push(error.name),
    });
    expect(execution.status).toBe("finished");
    expect(failures).toEqual(["OneproviderTimeoutError"]);
  });

  test("the count is of failures in a row: a success starts it again", async () => {
    const down = envelope(503, "serviceUnavailable");
    const { client } = clientOver([
      state("active"),
      down,
      down,
      state("active"),
      down,
      down,
      state("finished"),
    ]);
    const counts: number[] = [];
    await client.waitForWorkflowExecution(wid, {
      intervalMs: 1,
      maxConsecutiveFailures: 2,
      onPollFailure: (_error, { consecutiveFailures }) => counts.push(consecutiveFailures),
    });
    expect(counts).toEqual([1, 2, 1, 2]);
  });

  test("one failure more than maxConsecutiveFailures ends the wait with that failure", async () => {
    const { client, engine } = clientOver([state("active"), envelope(503, "serviceUnavailable")]);
    const error = await rejectionOf(
      client.waitForWorkflowExecution(wid, { intervalMs: 1, maxConsecutiveFailures: 3 }),
    );
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({ status: 503 });
    expect(engine.requests).toHaveLength(1 + 3 + 1);
  });

  test("a 500 ends the wait at once: Onedata answers it for what would fail again", async () => {
    const { client, engine } = clientOver([state("active"), envelope(500, "internalServerError")]);
    const error = await rejectionOf(client.waitForWorkflowExecution(wid, { intervalMs: 1 }));
    expect(error).toMatchObject({ status: 500, errorId: "internalServerError" });
    expect(engine.requests).toHaveLength(2);
  });

  test("by default five failures in a row are ridden out, and the sixth ends the wait", async () => {
    const { client, engine } = clientOver([state("active"), envelope(502, "badGateway")]);
    const error = await rejectionOf(
      client.waitForWorkflowExecution(wid, { intervalMs: 1, maxIntervalMs: 2 }),
    );
    expect(error).toMatchObject({ status: 502 });
    expect(engine.requests).toHaveLength(1 + 5 + 1);
  });

  test("maxConsecutiveFailures 0 ends the wait at the first failure", async () => {
    const { client, engine } = clientOver([state("active"), { throws: systemError("ECONNRESET") }]);
    const error = await rejectionOf(
      client.waitForWorkflowExecution(wid, { intervalMs: 1, maxConsecutiveFailures: 0 }),
    );
    expect(error).toBeInstanceOf(OneproviderNetworkError);
    expect(engine.requests).toHaveLength(2);
  });

  test.each([-1, 1.5, Number.NaN, "3"])("maxConsecutiveFailures %s is refused", async (value) => {
    const { client } = clientOver([state("active")]);
    await expect(
      client.waitForWorkflowExecution(wid, { maxConsecutiveFailures: value as number }),
    ).rejects.toBeInstanceOf(OneproviderUsageError);
  });
});

describe("a wait ends at once on what would only fail again", () => {
  test.each([
    [400, "badValue"],
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "notFound"],
  ])("%s", async (status, id) => {
    const { client, engine } = clientOver([state("active"), envelope(status, id)]);
    const failures: unknown[] = [];
    const error = await rejectionOf(
      client.waitForWorkflowExecution(wid, { intervalMs: 1, onPollFailure: (e) => failures.push(e) }),
    );
    expect(error).toMatchObject({ status, errorId: id });
    expect(engine.requests).toHaveLength(2);
    expect(failures).toEqual([]);
  });

  test("a certificate that is not trusted", async () => {
    const { client, engine } = clientOver([{ throws: systemError("DEPTH_ZERO_SELF_SIGNED_CERT") }]);
    const error = await rejectionOf(client.waitForWorkflowExecution(wid, { intervalMs: 1 }));
    expect(error).toMatchObject({ kind: "tls" });
    expect(engine.requests).toHaveLength(1);
  });
});

test("a body nested 20 000 deep ends the wait with an invalid-response error, not a RangeError", async () => {
  const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
  const body = JSON.stringify(makeExecution({ atmWorkflowExecutionId: wid, status: "active" })).replace(
    /}$/,
    `,"extra":${deep}}`,
  );
  const { client } = clientOver([{ status: 200, body }]);
  const error = await rejectionOf(client.waitForWorkflowExecution(wid, { intervalMs: 1 }));
  expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
  expect(error.message).toContain("nested too deeply");
});

test("the wait's own timeout during a poll ends it at once, not as a poll failure to ride out", async () => {
  const failures: unknown[] = [];
  // A poll that never answers until the wait's signal aborts it.
  const poller = {
    getWorkflowExecution: (_wid: string, { signal }: { signal?: AbortSignal } = {}) =>
      new Promise<never>((_resolve, reject) =>
        signal!.addEventListener("abort", () => reject(signal!.reason)),
      ),
  };
  const { waitForWorkflowExecution } = await import("../../src/client/wait.js");
  const error = await rejectionOf(
    waitForWorkflowExecution(poller as never, wid, {
      timeoutMs: 5,
      onPollFailure: (failure) => void failures.push(failure),
    }),
  );
  expect(error).toMatchObject({ name: "OneproviderTimeoutError", timeoutMs: 5, wid });
  expect(failures).toEqual([]);
});
