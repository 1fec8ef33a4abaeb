import { expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { OneproviderApiError } from "../../src/errors/error-classes.js";
import { scriptedEngine, systemError } from "../support/scripted-engine.js";

// How attempts are counted once a token was refreshed, and what the hooks are told of each one.
const baseUrl = "https://p.test/api/v3/oneprovider";
const retry = { retries: 2, minDelayMs: 1, maxDelayMs: 1 };

test("a refreshed token adds one attempt: 401, then the retries still all happen, 4 in all", async () => {
  const engine = scriptedEngine([{ status: 401 }, { status: 503 }]);
  const client = createClientWithEngine(
    { baseUrl, retry, token: ({ rejected }) => (rejected ? "new-token" : "old-token") },
    engine,
  );
  const error = await client.getWorkflowExecution("w").catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OneproviderApiError);
  expect(engine.requests).toHaveLength(4);
  expect(engine.requests[1]!.headers["x-auth-token"]).toBe("new-token");
});

test("the same after a refresh when the network fails: the attempts are the retries plus the refresh", async () => {
  const engine = scriptedEngine([{ status: 401 }, { throws: systemError("ECONNRESET") }]);
  const client = createClientWithEngine(
    { baseUrl, retry, token: ({ rejected }) => (rejected ? "b" : "a") },
    engine,
  );
  const error = await client.getWorkflowExecution("w").catch((caught: unknown) => caught);
  expect((error as Error).message).toMatch(/\(attempt 4 of 4\): failed \(ECONNRESET\)/);
  expect(engine.requests).toHaveLength(4);
});

test("an error that ends the call at its first attempt names no count: none of the promised retries came", async () => {
  // A POST whose connection reset after it was sent may have acted: it is not repeated.
  const engine = scriptedEngine([{ throws: systemError("ECONNRESET") }]);
  const client = createClientWithEngine({ baseUrl, retry, token: "t" }, engine);
  const error = await client.pauseWorkflowExecution("w").catch((caught: unknown) => caught);
  expect((error as Error).message).toBe(
    "POST https://p.test/api/v3/oneprovider/automation/execution/workflows/w/pause: failed (ECONNRESET): the connection closed before the answer was complete",
  );
  expect(engine.requests).toHaveLength(1);
});

test("hooks are told each attempt's duration: never negative, never more than the whole call", async () => {
  const durations: number[] = [];
  const client = createClientWithEngine(
    {
      baseUrl,
      token: "t",
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
      onResponse: ({ durationMs }) => void durations.push(durationMs),
      onError: ({ durationMs }) => void durations.push(durationMs),
    },
    scriptedEngine([{ throws: systemError("ECONNREFUSED") }, { status: 200, body: "{}" }]),
  );
  const before = performance.now();
  await client.getWorkflowExecution("w").catch(() => undefined);
  const whole = performance.now() - before;
  expect(durations).toHaveLength(2);
  for (const duration of durations) {
    expect(duration).toBeGreaterThanOrEqual(0);
    expect(duration).toBeLessThanOrEqual(whole);
  }
});
