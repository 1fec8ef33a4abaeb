import { describe, expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  OneproviderNetworkError,
  OneproviderUsageError,
  createOneproviderClient,
  type Hooks,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import { scriptedEngine, systemError, type Step } from "../support/scripted-engine.js";
import { resolveRef, spec } from "../support/spec.js";

const token = "hook-test-token-3f9a2c";
const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
const execution = resolveRef<{ value: unknown }>(spec.components.examples.JustScheduled!).value;
const ok: Step = { status: 200, body: JSON.stringify(execution) };
const url = `https://provider.test/api/v3/oneprovider/automation/execution/workflows/${wid}`;

/** A client over a scripted engine, with every hook recording what it saw. */
function observed(steps: Step[], extra: Partial<OneproviderClientOptions> = {}) {
  const events: Array<[string, Record<string, unknown>]> = [];
  const record =
    (name: string) =>
    (event: object): void =>
      void events.push([name, { ...event }]);
  const client = createClientWithEngine(
    {
      baseUrl: "https://provider.test/api/v3/oneprovider",
      token,
      retry: { retries: 2, minDelayMs: 0, maxDelayMs: 0 },
      onRequest: record("request"),
      onResponse: record("response"),
      onRetry: record("retry"),
      onError: record("error"),
      ...extra,
    },
    scriptedEngine(steps),
  );
  return { client, events };
}

describe("observability hooks", () => {
  test("a call that succeeds at once: one request, one response", async () => {
    const { client, events } = await observed([ok]);
    await client.getWorkflowExecution(wid);
    expect(events.map(([name]) => name)).toEqual(["request", "response"]);
    expect(events[0]![1]).toEqual({
      operationId: "getWorkflowExecutionDetails",
      method: "GET",
      url,
      attempt: 1,
    });
    expect(events[1]![1]).toMatchObject({ method: "GET", url, attempt: 1, status: 200 });
    expect(events[1]![1].durationMs).toBeGreaterThanOrEqual(0);
  });

  test("a repeated call: each attempt is seen, and why it was repeated", async () => {
    const { client, events } = await observed([{ throws: systemError("ECONNREFUSED") }, { status: 503 }, ok]);
    await client.getWorkflowExecution(wid);
    expect(events.map(([name, event]) => `${name} ${event.attempt}`)).toEqual([
      "request 1",
      "error 1",
      "retry 1",
      "request 2",
      "response 2",
      "retry 2",
      "request 3",
      "response 3",
    ]);
    const [firstRetry, secondRetry] = events.filter(([name]) => name === "retry").map(([, event]) => event);
    expect((firstRetry!.reason as { error: unknown }).error).toBeInstanceOf(OneproviderNetworkError);
    expect(secondRetry!.reason).toEqual({ status: 503 });
    expect(firstRetry!.delayMs).toBe(0);
    expect(events.find(([name]) => name === "error")![1].error).toBeInstanceOf(OneproviderNetworkError);
  });

  test("an HTTP error answer is a response, not an error", async () => {
    const { client, events } = await observed([
      { status: 404, body: JSON.stringify({ error: { id: "notFound", description: "no" } }) },
    ]);
    await rejectionOf(client.getWorkflowExecution(wid));
    expect(events.map(([name]) => name)).toEqual(["request", "response"]);
    expect(events[1]![1].status).toBe(404);
  });

  test("the caller's abort is seen by onError, and the call rejects with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const engine = (_url: string, init: { signal: AbortSignal }) =>
      new Promise<never>((_, reject) => {
        init.signal.addEventListener("abort", () => reject(init.signal.reason));
        controller.abort(reason);
      });
    const errors: unknown[] = [];
    const client = createClientWithEngine(
      {
        baseUrl: "https://provider.test/api/v3/oneprovider",
        token,
        onError: ({ error }) => void errors.push(error),
      },
      engine,
    );
    expect(await rejectionOf(client.getWorkflowExecution(wid, { signal: controller.signal }))).toBe(reason);
    expect(errors).toEqual([reason]);
  });

  test("no event carries the token, in either scheme", async () => {
    for (const authScheme of ["x-auth-token", "bearer"] as const) {
      const { client, events } = await observed(
        [{ throws: systemError("ECONNRESET") }, { status: 502 }, ok],
        {
          authScheme,
        },
      );
      await client.getWorkflowExecution(wid);
      expect(events.length).toBeGreaterThan(5);
      for (const [, event] of events) {
        expect(JSON.stringify(event)).not.toContain(token);
        expect(String((event.error as Error | undefined)?.stack ?? "")).not.toContain(token);
      }
    }
  });

  describe("observers never change the outcome", () => {
    const throwing: Hooks = {
      onRequest: () => {
        throw new Error("observer bug");
      },
      onResponse: () => {
        throw new Error("observer bug");
      },
      onRetry: () => {
        throw new Error("observer bug");
      },
      onError: () => {
        throw new Error("observer bug");
      },
    };
    const rejecting: Hooks = {
      onRequest: () => Promise.reject(new Error("observer bug")),
      onResponse: () => Promise.reject(new Error("observer bug")),
      onRetry: () => Promise.reject(new Error("observer bug")),
      onError: () => Promise.reject(new Error("observer bug")),
    };
    test.each([
      ["throw", throwing],
      ["reject", rejecting],
    ])("when they %s: a success stays a success, a failure the same failure", async (_label, hooks) => {
      const success = observed([{ throws: systemError("ECONNREFUSED") }, { status: 503 }, ok], hooks);
      expect(await success.client.getWorkflowExecution(wid)).toEqual(execution);
      const failure = observed([{ throws: systemError("ECONNREFUSED") }], hooks);
      const error = await rejectionOf(failure.client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.message).not.toContain("observer bug");
    });
  });

  test("a hook that is not a function is a usage error when the client is made", () => {
    expect(() => createOneproviderClient({ host: "provider.example.org", onRetry: "log" as never })).toThrow(
      OneproviderUsageError,
    );
  });
});
