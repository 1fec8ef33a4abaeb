import { describe, expect, test } from "vitest";
import { OneproviderError, OneproviderUsageError, createOneproviderClient } from "../../src/index.js";
import { PACKAGE_VERSION } from "../../src/client/package-version.js";
import { rejectionOf, sendJson } from "../support/http-server.js";
import { engines, execution, harness, token, wid } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  test("an object's headers go with every request", async () => {
    const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution), {
      headers: {
        "X-Proxy-Tenant": "lab-7",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      },
    });
    await client.getWorkflowExecution(wid);
    await client.listWorkflowExecutions("space").catch(() => undefined);
    for (const request of server.requests) {
      expect(request.headers["x-proxy-tenant"]).toBe("lab-7");
      expect(request.headers.traceparent).toMatch(/^00-0af7/);
    }
    expect(server.requests).toHaveLength(2);
  });

  test("a Latin-1 value beyond ASCII travels as it is", async () => {
    const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution), {
      headers: { "x-user": "Zoë" },
    });
    await client.getWorkflowExecution(wid);
    expect(server.requests[0]!.headers["x-user"]).toBe("Zoë");
  });

  test("a function is called for every attempt, retries included, and told which", async () => {
    let calls = 0;
    const seen: unknown[] = [];
    const { client, server } = await clientFor(
      (_q, r, attempt) => (attempt === 1 ? sendJson(r, 503, {}) : sendJson(r, 200, execution)),
      {
        headers: async (context) => {
          seen.push(context);
          calls += 1;
          return { traceparent: `00-${String(calls).padStart(32, "0")}-b7ad6b7169203331-01` };
        },
      },
    );
    await client.getWorkflowExecution(wid);
    expect(server.requests.map((request) => request.headers.traceparent)).toEqual([
      `00-${"1".padStart(32, "0")}-b7ad6b7169203331-01`,
      `00-${"2".padStart(32, "0")}-b7ad6b7169203331-01`,
    ]);
    expect(seen).toEqual([
      expect.objectContaining({ operationId: "getWorkflowExecutionDetails", method: "GET", attempt: 1 }),
      expect.objectContaining({ operationId: "getWorkflowExecutionDetails", method: "GET", attempt: 2 }),
    ]);
  });

  test("in Node the user-agent names the package and its version, unless the caller sets one", async () => {
    const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution));
    await client.getWorkflowExecution(wid);
    expect(server.requests[0]!.headers["user-agent"]).toBe(`oneprovider-atm-client/${PACKAGE_VERSION}`);
    const custom = await clientFor((_q, r) => sendJson(r, 200, execution), {
      headers: { "User-Agent": "lab-bot/2" },
    });
    await custom.client.getWorkflowExecution(wid);
    expect(custom.server.requests[0]!.headers["user-agent"]).toBe("lab-bot/2");
  });

  test("a function's headers cannot replace the token or the request's own headers", async () => {
    const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution), {
      headers: () => ({ "x-auth-token": "stolen-value-0123456789" }),
    });
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderUsageError);
    expect(error.message).toContain("x-auth-token");
    expect(error.message).not.toContain("stolen-value");
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    ["a value outside Latin-1", () => ({ "x-user": "Zoë 😀" }), "the value of x-user must be a string"],
    [
      "an object whose getter throws",
      () =>
        Object.defineProperty({}, "x-trace", {
          enumerable: true,
          get: () => {
            throw new Error("no span");
          },
        }) as Record<string, string>,
      "the headers function's result could not be read",
    ],
  ])(
    "a headers function's result with %s: a usage error, asked once, nothing sent or repeated",
    async (_label, headers, message) => {
      let calls = 0;
      const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution), {
        headers: () => (calls++, headers()),
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderUsageError);
      expect(error.message).toContain(message);
      expect(error.message).not.toContain("😀");
      expect(calls).toBe(1);
      expect(server.requests).toHaveLength(0);
    },
  );

  test("a failing headers function: an OneproviderError with its error as cause, and nothing sent", async () => {
    const cause = new Error("no active span");
    const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution), {
      headers: () => {
        throw cause;
      },
    });
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderError);
    expect(error.cause).toBe(cause);
    expect(server.requests).toHaveLength(0);
  });
});

describe("headers that are refused when the client is made, never quoting the value", () => {
  const secret = "s3cr3t-value-that-must-not-show";
  /** What making a client with these headers throws. */
  const creationError = (headers: Record<string, string>): unknown => {
    try {
      createOneproviderClient({ host: "provider.test", token, headers });
    } catch (caught) {
      return caught;
    }
    return undefined;
  };
  test.each([
    ["the token header", { "X-Auth-Token": secret }, "x-auth-token"],
    ["Authorization", { authorization: `Bearer ${secret}` }, "authorization"],
    ["accept", { Accept: secret }, "accept"],
    ["content-type", { "content-type": secret }, "content-type"],
    ["a value on two lines", { "x-note": `a\r\nx-auth-token: ${secret}` }, "x-note"],
    ["a value that is not a string", { "x-count": 3 as unknown as string }, "x-count"],
    ["a name that is not a header name", { "bad name": secret }, "bad name"],
    ["a value outside Latin-1", { "x-user": `${secret} 😀` }, "x-user"],
    ["a value with a control character", { "x-note": `${secret}\u0007` }, "x-note"],
  ])("%s", (_label, headers, named) => {
    const error = creationError(headers);
    expect(error).toBeInstanceOf(OneproviderUsageError);
    expect((error as Error).message).toContain(named);
    expect((error as Error).message).not.toContain(secret);
  });

  test("an object whose getter throws: a usage error with the getter's error as cause", () => {
    const cause = new Error("not yet");
    const headers = Object.defineProperty({}, "x-trace", {
      enumerable: true,
      get: () => {
        throw cause;
      },
    });
    const error = creationError(headers);
    expect(error).toBeInstanceOf(OneproviderUsageError);
    expect((error as Error).cause).toBe(cause);
  });

  test("not an object", () => {
    expect(() => createOneproviderClient({ host: "provider.test", headers: "x-a: b" as never })).toThrow(
      OneproviderUsageError,
    );
  });
});
