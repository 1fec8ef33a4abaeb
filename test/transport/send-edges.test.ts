import { getEventListeners } from "node:events";
import { afterEach, expect, test, vi } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  OneproviderApiError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderUsageError,
  getProviderConfiguration,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import { makeExecution } from "../support/executions.js";
import type { HttpEngine } from "../../src/transport/http-engine.js";
import { scriptedEngine, type Step } from "../support/scripted-engine.js";

// The transport's rules at their edges, scripted: redirects counted exactly, an answer that only
// looks like a redirect, a browser's opaque one, a call without a token, the caller's abort whatever
// its reason, and a streamed body that lets go of everything once read.
const baseUrl = "https://p.test/api/v3/oneprovider";
const target = `${baseUrl}/automation/execution/workflows/w`;
const execution = makeExecution();
const ok: Step = { status: 200, body: JSON.stringify(execution) };
const redirect = (to: string): Step => ({ status: 307, headers: { location: to } });

function clientWith(steps: Step[], options: Partial<OneproviderClientOptions> = {}) {
  const engine = scriptedEngine(steps);
  const client = createClientWithEngine({ baseUrl, token: "t0k3n", retry: false, ...options }, engine);
  return { engine, client };
}

afterEach(() => {
  vi.useRealTimers();
});

test("five redirects are followed; a sixth is refused", async () => {
  const hops = (count: number) => Array.from({ length: count }, (_, hop) => redirect(`${target}?hop=${hop}`));
  const five = clientWith([...hops(5), ok]);
  expect(await five.client.getWorkflowExecution("w")).toEqual(execution);
  expect(five.engine.requests).toHaveLength(6);
  const six = clientWith([...hops(6), ok]);
  const error = await rejectionOf(six.client.getWorkflowExecution("w"));
  expect(error).toBeInstanceOf(OneproviderRedirectError);
  expect((error as Error).message).toBe(`GET ${target}: redirected more than 5 times`);
  expect(six.engine.requests).toHaveLength(6);
});

test("a redirect status without a Location is the answer itself", async () => {
  const { client, engine } = clientWith([
    { status: 302, body: '{"error":{"id":"x","description":"moved"}}' },
  ]);
  const error = await rejectionOf(client.getWorkflowExecution("w"));
  expect(error).toBeInstanceOf(OneproviderApiError);
  expect(error).toMatchObject({ status: 302, errorId: "x" });
  expect(engine.requests).toHaveLength(1);
});

test("a browser's opaque redirect (status 0) is refused as a redirect: it hides where it leads", async () => {
  const { client, engine } = clientWith([{ status: 0, opaqueRedirect: true }]);
  const refused = await rejectionOf(client.getWorkflowExecution("w"));
  expect(refused).toBeInstanceOf(OneproviderRedirectError);
  expect(refused).toMatchObject({
    message: `GET ${target}: redirected; redirects are not followed here`,
    location: "",
    status: 0,
  });
  expect(engine.requests).toHaveLength(1);
});

test("without a token, an operation that needs one is a usage error naming the option, and nothing is sent", async () => {
  const engine = scriptedEngine([ok]);
  const client = createClientWithEngine({ baseUrl, token: undefined, retry: false }, engine);
  const error = await rejectionOf(client.getWorkflowExecution("w"));
  expect(error).toBeInstanceOf(OneproviderUsageError);
  expect(error.message).toMatch(
    /^getWorkflowExecutionDetails needs a token, and the client has none: pass token when you create it$/,
  );
  expect(engine.requests).toHaveLength(0);
});

test("without a token, the public configuration goes out with no token header", async () => {
  const engine = scriptedEngine([{ status: 200, body: JSON.stringify({ version: "21.02.8" }) }]);
  const client = createClientWithEngine({ baseUrl, retry: false }, engine);
  expect(await getProviderConfiguration(client)).toEqual({ version: "21.02.8" });
  expect(engine.requests).toHaveLength(1);
  expect(engine.requests[0]!.headers).not.toHaveProperty("x-auth-token");
  expect(engine.requests[0]!.headers).not.toHaveProperty("authorization");
});

test("the caller's abort is never repeated, even when its reason looks like a network failure", async () => {
  const controller = new AbortController();
  const reason = new OneproviderNetworkError("caller's own", { kind: "refused" });
  const engine = scriptedEngine([ok]);
  const waiting: HttpEngine = (url, init) => {
    controller.abort(reason);
    return engine(url, init).then(() => Promise.reject(init.signal.reason));
  };
  const retries: unknown[] = [];
  const client = createClientWithEngine(
    {
      baseUrl,
      token: "t",
      retry: { retries: 3, minDelayMs: 0, maxDelayMs: 0 },
      onRetry: (event) => void retries.push(event),
    },
    waiting,
  );
  expect(await rejectionOf(client.getWorkflowExecution("w", { signal: controller.signal }))).toBe(reason);
  expect(engine.requests).toHaveLength(1);
  expect(retries).toEqual([]);
});

test("a dump read to its end leaves no timer and no listener on the caller's signal", async () => {
  vi.useFakeTimers();
  const entries = [{ index: "0", timestamp: 1, severity: "info", content: {} }];
  const { client } = clientWith([
    {
      status: 200,
      chunks: ["[", JSON.stringify(entries[0]), "]"],
      headers: { "content-type": "application/json" },
    },
  ]);
  const signal = new AbortController().signal;
  const read: unknown[] = [];
  for await (const entry of dumpAuditLog(client, "st", { signal })) read.push(entry);
  expect(read).toEqual(entries);
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
  expect(vi.getTimerCount()).toBe(0);
});

test("a streamed call's answer outside 2xx is read whole, so its error names the server's id", async () => {
  for (const status of [300, 404]) {
    const { client } = clientWith([{ status, body: '{"error":{"id":"notSupported","description":"no"}}' }]);
    const error = await rejectionOf(dumpAuditLog(client, "st").next());
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({ status, errorId: "notSupported" });
  }
});

test("a call whose signal has already aborted rejects with its reason, asks no token and tells no hook", async () => {
  const engine = scriptedEngine([ok]);
  const onRequest = vi.fn();
  const token = vi.fn(() => "t");
  const client = createClientWithEngine({ baseUrl, token, onRequest }, engine);
  const reason = new Error("already over");
  expect(await rejectionOf(client.getWorkflowExecution("w", { signal: AbortSignal.abort(reason) }))).toBe(
    reason,
  );
  expect(onRequest).not.toHaveBeenCalled();
  expect(token).not.toHaveBeenCalled();
  expect(engine.requests).toHaveLength(0);
});
