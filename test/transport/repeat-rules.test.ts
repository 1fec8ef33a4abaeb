import { describe, expect, test } from "vitest";
import { OneproviderNetworkError, OneproviderTimeoutError } from "../../src/index.js";
import { createTransport, type TransportConfig } from "../../src/transport/send.js";
import { rejectionOf } from "../support/http-server.js";
import { scriptedEngine, systemError, type Step } from "../support/scripted-engine.js";

// The rule of the public contract: a GET is repeated per `retry`; any other method only when the
// server certainly did not act (no connection was made, or it answered 429 or 503).
function transportWith(steps: Step[], config: Partial<TransportConfig> = {}) {
  const engine = scriptedEngine(steps);
  const send = createTransport({
    engine,
    token: "t0k3n",
    authScheme: "x-auth-token",
    retry: { retries: 2, minDelayMs: 0, maxDelayMs: 0 },
    timeoutMs: 1_000,
    maxResponseBytes: 1024,
    hooks: {},
    headers: undefined,
    defaultHeaders: {},
    ...config,
  });
  return { engine, send: (outgoing: ReturnType<typeof request>) => send(outgoing, call) };
}
const call = { operation: { operationId: "planted", pathParameters: {} } };
const request = (method: string) => ({
  method,
  url: "https://provider.test/api/v3/oneprovider/x",
  headers: {},
  body: null,
});

const cases: Array<[string, Step, { get: number; post: number }]> = [
  ["connection refused", { throws: systemError("ECONNREFUSED") }, { get: 3, post: 3 }],
  ["name not found", { throws: systemError("ENOTFOUND") }, { get: 3, post: 3 }],
  // A certificate that is not trusted will not be on the next try: never repeated, whatever the method.
  ["TLS certificate refused", { throws: systemError("DEPTH_ZERO_SELF_SIGNED_CERT") }, { get: 1, post: 1 }],
  [
    "TLS spoken to a plain-http port",
    { throws: Object.assign(new Error("write EPROTO …:wrong version number:…"), { code: "EPROTO" }) },
    { get: 1, post: 1 },
  ],
  ["reset after sending", { throws: systemError("ECONNRESET") }, { get: 3, post: 1 }],
  ["429", { status: 429 }, { get: 3, post: 3 }],
  ["503", { status: 503 }, { get: 3, post: 3 }],
  ["502", { status: 502 }, { get: 3, post: 1 }],
  ["504", { status: 504 }, { get: 3, post: 1 }],
  ["500", { status: 500 }, { get: 1, post: 1 }],
  ["400", { status: 400 }, { get: 1, post: 1 }],
];

// HEAD, safe like GET, is repeated like it (the raw client can send one).
describe.each(["GET", "HEAD", "POST", "DELETE"])("%s", (method) => {
  test.each(cases)("after %s", async (_label, step, expected) => {
    const { engine, send } = transportWith([step]);
    const outcome = await send(request(method)).catch((error: unknown) => error);
    const safe = method === "GET" || method === "HEAD";
    expect(engine.requests).toHaveLength(safe ? expected.get : expected.post);
    if ("throws" in step) expect(outcome).toBeInstanceOf(OneproviderNetworkError);
    else expect((outcome as { status: number }).status).toBe(step.status);
  });

  test("the repeat that succeeds is the answer", async () => {
    const { engine, send } = transportWith([
      { throws: systemError("ECONNREFUSED") },
      { status: 503 },
      { status: 201, body: "{}" },
    ]);
    expect((await send(request(method))).status).toBe(201);
    expect(engine.requests).toHaveLength(3);
  });
});

test("a timeout is never repeated, whatever the method", async () => {
  for (const method of ["GET", "POST"]) {
    const asked: string[] = [];
    // An engine that never answers until its signal aborts, as a silent server would.
    const silent = (url: string, init: { signal: AbortSignal }) => {
      asked.push(url);
      return new Promise<never>((_, reject) =>
        init.signal.addEventListener("abort", () => reject(init.signal.reason)),
      );
    };
    const { send } = transportWith([], { engine: silent, timeoutMs: 5 });
    expect(await rejectionOf(send(request(method)))).toBeInstanceOf(OneproviderTimeoutError);
    expect(asked).toHaveLength(1);
  }
});

test("retry: false (no repeats) gives the first answer", async () => {
  const { engine, send } = transportWith([{ throws: systemError("ECONNREFUSED") }], {
    retry: { retries: 0, minDelayMs: 0, maxDelayMs: 0 },
  });
  expect(await rejectionOf(send(request("GET")))).toBeInstanceOf(OneproviderNetworkError);
  expect(engine.requests).toHaveLength(1);
});
