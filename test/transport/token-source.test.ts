import { expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { OneproviderTimeoutError } from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import { scriptedEngine } from "../support/scripted-engine.js";

// Getting the token is part of the attempt: it obeys the attempt's timeout and the caller's signal.
const baseUrl = "https://provider.test/api/v3/oneprovider";
const never = () => new Promise<string>(() => undefined);

test("a token function that never settles meets the attempt's timeout, and nothing is sent", async () => {
  const engine = scriptedEngine([{ status: 200, body: "{}" }]);
  const client = createClientWithEngine({ baseUrl, token: never, timeoutMs: 30 }, engine);
  const error = await rejectionOf(client.getWorkflowExecution("wid"));
  expect(error).toBeInstanceOf(OneproviderTimeoutError);
  expect(engine.requests).toHaveLength(0);
});

test("the caller's abort during a slow token function is honoured at once, and nothing is sent", async () => {
  const engine = scriptedEngine([{ status: 200, body: "{}" }]);
  const client = createClientWithEngine({ baseUrl, token: never, timeoutMs: 60_000 }, engine);
  const controller = new AbortController();
  const reason = new Error("changed my mind");
  const call = client.getWorkflowExecution("wid", { signal: controller.signal });
  controller.abort(reason);
  expect(await rejectionOf(call)).toBe(reason);
  expect(engine.requests).toHaveLength(0);
});

test("so does a wait's own timeout", async () => {
  const engine = scriptedEngine([{ status: 200, body: "{}" }]);
  const client = createClientWithEngine({ baseUrl, token: never, timeoutMs: 60_000 }, engine);
  const error = await rejectionOf(client.waitForWorkflowExecution("wid", { timeoutMs: 30 }));
  expect(error).toBeInstanceOf(OneproviderTimeoutError);
  expect(engine.requests).toHaveLength(0);
});
