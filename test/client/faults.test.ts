import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  createOneproviderClient,
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderTimeoutError,
  OneproviderUsageError,
  type OneproviderClientOptions,
} from "../../src/index.js";
import {
  expectNoToken,
  rejectionOf,
  sendJson,
  sendText,
  startTestServer,
  type Handler,
  type TestServer,
} from "../support/http-server.js";
import { resolveRef, spec } from "../support/spec.js";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";

const token = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgMi9ubWQvdXNyLXNlY3JldC10b2tlbg";
const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
const execution = resolveRef<{ value: unknown }>(spec.components.examples.JustScheduled!).value;
const fastRetry = { retries: 2, minDelayMs: 5, maxDelayMs: 40 };

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

// Every scenario runs over both HTTP engines: fetch (the library's) and node:http (the CLI's).
describe.each(["fetch", "node:http"])("over %s", (engineName) => {
  const makeClient = (options: OneproviderClientOptions) =>
    engineName === "fetch"
      ? createOneproviderClient(options)
      : createClientWithEngine(options, nodeHttpEngine());

  async function serve(handler: Handler) {
    const server = await startTestServer(handler);
    servers.push(server);
    return server;
  }

  async function clientFor(handler: Handler, options: Partial<OneproviderClientOptions> = {}) {
    const server = await serve(handler);
    const client = makeClient({ baseUrl: server.baseUrl, token, retry: fastRetry, ...options });
    const executionRequests = () =>
      server.requests.filter((request) => request.rawUrl.includes("/workflows/"));
    return { server, client, attempts: () => executionRequests().length };
  }

  const envelope = (id: string, description: string, extra: Record<string, unknown> = {}) => ({
    error: { id, description, ...extra },
  });
  const html = (title: string) =>
    `<html><head><title>${title}</title></head><body><h1>${title}</h1><hr>nginx</body></html>`;

  describe("HTTP errors become OneproviderApiError with the Onedata fields", () => {
    test.each<[string, number, (response: ServerResponse) => void, Partial<OneproviderApiError>, number]>([
      [
        "401 with a nested authError",
        401,
        (r) =>
          sendJson(
            r,
            401,
            envelope("unauthorized", "You must authenticate yourself.", {
              details: {
                authError: {
                  id: "badToken",
                  description: "Provided token could not be understood by the server.",
                },
              },
            }),
          ),
        { errorId: "unauthorized" },
        1,
      ],
      [
        "401 without details",
        401,
        (r) => sendJson(r, 401, envelope("unauthorized", "You must authenticate yourself.")),
        { errorId: "unauthorized", details: undefined },
        1,
      ],
      [
        "403 with ctx",
        403,
        (r) =>
          sendJson(
            r,
            403,
            envelope("forbidden", "You are not authorized.", {
              ctx: { timestamp: 1764241200000, service: "op_worker", unknownKey: 1 },
            }),
          ),
        {
          errorId: "forbidden",
          ctx: { timestamp: 1764241200000, service: "op_worker", unknownKey: 1 } as never,
        },
        1,
      ],
      [
        "404 JSON",
        404,
        (r) => sendJson(r, 404, envelope("notFound", "The resource could not be found.")),
        { errorId: "notFound", ctx: undefined },
        1,
      ],
      [
        "400 JSON",
        400,
        (r) => sendJson(r, 400, envelope("badValueIdentifier", "Bad value.", { details: { key: "wid" } })),
        { errorId: "badValueIdentifier" },
        1,
      ],
      [
        "500 JSON, not retried",
        500,
        (r) =>
          sendJson(
            r,
            500,
            envelope("internalServerError", "The server has encountered an error.", {
              details: { reference: "5d3c2b1a" },
            }),
          ),
        { errorId: "internalServerError", details: { reference: "5d3c2b1a" } },
        1,
      ],
      [
        "404 HTML",
        404,
        (r) => sendText(r, 404, html("404 Not Found")),
        { errorId: undefined, bodyExcerpt: html("404 Not Found") },
        1,
      ],
      ["403 HTML", 403, (r) => sendText(r, 403, html("403 Forbidden")), { errorId: undefined }, 1],
      ["500 empty body", 500, (r) => sendText(r, 500, ""), { errorId: undefined, bodyExcerpt: "" }, 1],
      ["401 empty body", 401, (r) => sendText(r, 401, ""), { errorId: undefined, bodyExcerpt: "" }, 1],
      [
        "500 plain text",
        500,
        (r) => sendText(r, 500, "upstream exploded", "text/plain"),
        { errorId: undefined, bodyExcerpt: "upstream exploded" },
        1,
      ],
      [
        "404 JSON that is not an envelope",
        404,
        (r) => sendJson(r, 404, { error: "not_found", error_description: "legacy" }),
        { errorId: undefined },
        1,
      ],
      [
        "502 HTML from a proxy, retried",
        502,
        (r) => sendText(r, 502, html("502 Bad Gateway")),
        { errorId: undefined },
        3,
      ],
      [
        "503 JSON, retried",
        503,
        (r) => sendJson(r, 503, envelope("serviceUnavailable", "Service Unavailable.")),
        { errorId: "serviceUnavailable" },
        3,
      ],
      ["504 empty, retried", 504, (r) => sendText(r, 504, ""), { errorId: undefined }, 3],
      [
        "429 JSON, retried",
        429,
        (r) => sendJson(r, 429, envelope("tooManyRequests", "Slow down.")),
        { errorId: "tooManyRequests" },
        3,
      ],
    ])("%s", async (_label, status, respond, fields, expectedAttempts) => {
      const { client, attempts } = await clientFor((_request, response) => respond(response));
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderApiError);
      expect(error).toBeInstanceOf(OneproviderError);
      expect(error).toMatchObject({ status, wid, ...fields });
      expect(error.message).toContain(String(status));
      expect(error.message).toContain(wid);
      if (fields.errorId) expect(error.message).toContain(fields.errorId);
      expect(attempts()).toBe(expectedAttempts);
      expectNoToken(error, token);
    });

    test("a nested authError is reachable, typed, and named in the message", async () => {
      const { client } = await clientFor((_q, r) =>
        sendJson(
          r,
          401,
          envelope("unauthorized", "You must authenticate yourself.", {
            details: {
              authError: {
                id: "tokenCaveatUnverified",
                description: "Caveat unverified.",
                details: { caveat: { type: "time" } },
              },
            },
          }),
        ),
      );
      const error: OneproviderApiError = await rejectionOf(client.getWorkflowExecution(wid));
      const authErrorId: string | undefined = error.details?.authError?.id;
      expect(authErrorId).toBe("tokenCaveatUnverified");
      expect(error.message).toContain("authError: tokenCaveatUnverified");
    });

    test("a server that echoes the token back has it redacted", async () => {
      const { client } = await clientFor((request, r) =>
        sendJson(
          r,
          401,
          envelope("unauthorized", `bad token ${request.headers["x-auth-token"]}`, {
            details: {
              authError: { id: "badToken", description: `token ${request.headers["x-auth-token"]} rejected` },
            },
          }),
        ),
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error.description).toContain("[token]");
      expectNoToken(error, token);
    });
  });

  describe("retries", () => {
    test("429 with Retry-After: 0 is repeated, then succeeds", async () => {
      const { client, attempts } = await clientFor((_q, r, attempt) =>
        attempt === 1
          ? sendJson(r, 429, envelope("tooManyRequests", "Slow down."), { "retry-after": "0" })
          : sendJson(r, 200, execution),
      );
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("without Retry-After, the backoff starts from minDelayMs, not maxDelayMs", async () => {
      const { client, attempts } = await clientFor(
        (_q, r, attempt) =>
          attempt === 1 ? sendText(r, 503, "", "text/plain") : sendJson(r, 200, execution),
        { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 60_000 } },
      );
      const started = Date.now();
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    test("Retry-After as an HTTP date is honoured", async () => {
      const { client, attempts } = await clientFor(
        (_q, r, attempt) =>
          attempt === 1
            ? sendJson(r, 503, envelope("serviceUnavailable", "Later."), {
                "retry-after": new Date(Date.now() + 1_500).toUTCString(),
              })
            : sendJson(r, 200, execution),
        { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5_000 } },
      );
      const started = Date.now();
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
      // An HTTP date has whole seconds: the wait is at least the part of it still ahead.
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    });

    test("Retry-After in seconds waits that long", async () => {
      const { client } = await clientFor(
        (_q, r, attempt) =>
          attempt === 1
            ? sendJson(r, 429, envelope("tooManyRequests", "x"), { "retry-after": "1" })
            : sendJson(r, 200, execution),
        { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5_000 } },
      );
      const started = Date.now();
      await client.getWorkflowExecution(wid);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    test("Retry-After beyond maxDelayMs waits only maxDelayMs", async () => {
      const { client, attempts } = await clientFor(
        (_q, r, attempt) =>
          attempt === 1
            ? sendJson(r, 503, envelope("serviceUnavailable", "x"), { "retry-after": "3600" })
            : sendJson(r, 200, execution),
        { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 50 } },
      );
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("retry: false sends exactly one request", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 503, ""), { retry: false });
      expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({ status: 503 });
      expect(attempts()).toBe(1);
    });
  });

  describe("network failures become OneproviderNetworkError", () => {
    test("connection reset before any answer, every time", async () => {
      const { client, attempts } = await clientFor((request) => {
        request.socket.destroy();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("reset");
      expect(error.wid).toBe(wid);
      expect(attempts()).toBe(3);
      expectNoToken(error, token);
    });

    test("connection reset during the body, then a good answer", async () => {
      const { client, attempts } = await clientFor((_q, r, attempt) => {
        if (attempt > 1) return sendJson(r, 200, execution);
        r.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        r.write('{"atmWorkflowExecutionId": "');
        setTimeout(() => r.socket?.destroy(), 20);
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("connection reset during the body, every time", async () => {
      const { client, attempts } = await clientFor((_q, r) => {
        r.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        r.write('{"atmWorkflowExecutionId": "');
        setTimeout(() => r.socket?.destroy(), 20);
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("reset");
      expect(attempts()).toBe(3);
      expectNoToken(error, token);
    });

    test("connection refused", async () => {
      const server = await serve((_q, r) => sendText(r, 200, ""));
      await server.close();
      servers.length = 0;
      let calls = 0;
      const client = makeClient({
        baseUrl: server.baseUrl,
        token,
        retry: fastRetry,
        fetch: (input, init) => {
          calls += 1;
          return fetch(input, init);
        },
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error).toMatchObject({ kind: "refused", code: "ECONNREFUSED", wid });
      expect(error.message).toContain("ECONNREFUSED");
      // Only the fetch engine goes through the injected fetch, which counts the attempts.
      expect(calls).toBe(engineName === "fetch" ? 3 : 0);
      expectNoToken(error, token);
    });

    test("a host name that does not resolve", async () => {
      const client = makeClient({ host: "no-such-provider.invalid", token, retry: false });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("dns");
      expectNoToken(error, token);
    });
  });

  describe("timeouts", () => {
    test("slow headers time out the attempt, which is not repeated", async () => {
      const { client, attempts } = await clientFor(() => undefined, { timeoutMs: 150 });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 150, wid });
      expect(error.message).toContain("150 ms");
      expect(attempts()).toBe(1);
      expectNoToken(error, token);
    });

    test("a slow body times out too", async () => {
      const { client } = await clientFor(
        (_q, r) => {
          r.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
          const timer = setInterval(() => r.write(" "), 20);
          r.on("close", () => clearInterval(timer));
        },
        { timeoutMs: 200 },
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderTimeoutError);
    });

    test("a call's own timeoutMs overrides the client's", async () => {
      const { client } = await clientFor(() => undefined, { timeoutMs: 60_000 });
      const error = await rejectionOf(client.getWorkflowExecution(wid, { timeoutMs: 100 }));
      expect(error).toMatchObject({ name: "OneproviderTimeoutError", timeoutMs: 100 });
    });

    test("each call gets a fresh timer", async () => {
      // Each call takes 150 ms of a 1 s budget; together they take longer than one budget.
      const { client } = await clientFor((_q, r) => setTimeout(() => sendJson(r, 200, execution), 150), {
        timeoutMs: 1_000,
      });
      for (let call = 0; call < 8; call += 1)
        await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
    });
  });

  describe("bodies that are not what the server sends", () => {
    test.each([
      ["truncated JSON", '{"atmWorkflowExecutionId": "7f3d'],
      ["an HTML page with status 200", html("Welcome to nginx")],
      ["an empty 200", ""],
    ])("%s gives OneproviderInvalidResponseError", async (_label, body) => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 200, body, "application/json"));
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error).toMatchObject({ status: 200, wid, issues: [] });
      expect(error.message).toContain("not JSON");
      expect(attempts()).toBe(1);
      expectNoToken(error, token);
    });
  });

  describe("redirects", () => {
    test("a same-origin redirect is followed, with the token", async () => {
      const { client, server } = await clientFor((request, r) => {
        if (request.url?.includes("/workflows/")) {
          r.writeHead(307, { location: "/moved/here" });
          return r.end();
        }
        sendJson(r, 200, execution);
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(server.requests.map((request) => request.rawUrl)).toEqual([
        `/api/v3/oneprovider/automation/execution/workflows/${wid}`,
        "/moved/here",
      ]);
      expect(server.requests[1]!.headers["x-auth-token"]).toBe(token);
    });

    test("a cross-origin redirect is refused, naming the target, and the token never goes there", async () => {
      const elsewhere = await serve((_q, r) => sendJson(r, 200, execution));
      const { client } = await clientFor((_q, r) => {
        r.writeHead(302, { location: `${elsewhere.origin}/steal?x=1` });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error).toMatchObject({ status: 302, location: `${elsewhere.origin}/steal` });
      expect(error.message).toContain(elsewhere.origin);
      expect(elsewhere.requests).toHaveLength(0);
      expectNoToken(error, token);
    });

    test("a redirect loop ends with OneproviderRedirectError", async () => {
      const { client } = await clientFor((_q, r) => {
        r.writeHead(302, { location: "/loop" });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error.message).toContain("more than 5 times");
    });
  });

  describe("aborts reject with the caller's own reason", () => {
    test("aborted before the call: no request is sent", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const reason = { mine: true };
      const error = await rejectionOf(
        client.getWorkflowExecution(wid, { signal: AbortSignal.abort(reason) }),
      );
      expect(error).toBe(reason);
      expect(attempts()).toBe(0);
    });

    test("aborted while the server is thinking", async () => {
      const { client, attempts } = await clientFor(() => undefined);
      const controller = new AbortController();
      const reason = new Error("user pressed Ctrl-C");
      setTimeout(() => controller.abort(reason), 50);
      const error = await rejectionOf(client.getWorkflowExecution(wid, { signal: controller.signal }));
      expect(error).toBe(reason);
      expect(attempts()).toBe(1);
    });

    test("aborted during the backoff between attempts", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 503, ""), {
        retry: { retries: 5, minDelayMs: 10_000, maxDelayMs: 10_000 },
      });
      const controller = new AbortController();
      const promise = client.getWorkflowExecution(wid, { signal: controller.signal });
      setTimeout(() => controller.abort("stop"), 100);
      const started = Date.now();
      expect(await rejectionOf(promise)).toBe("stop");
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(attempts()).toBe(1);
    });
  });

  describe("authentication", () => {
    test("X-Auth-Token by default, Authorization: Bearer on request", async () => {
      const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      await client.getWorkflowExecution(wid);
      const bearer = makeClient({ baseUrl: server.baseUrl, token, authScheme: "bearer" });
      await bearer.getWorkflowExecution(wid);
      expect(server.requests[0]!.headers["x-auth-token"]).toBe(token);
      expect(server.requests[0]!.headers.authorization).toBeUndefined();
      expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${token}`);
      expect(server.requests[1]!.headers["x-auth-token"]).toBeUndefined();
    });

    test("a token function is called for every request, so a refreshed token is used", async () => {
      const { server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      let calls = 0;
      const client = makeClient({
        baseUrl: server.baseUrl,
        token: async () => `token-${(calls += 1)}`,
      });
      await client.getWorkflowExecution(wid);
      await client.getWorkflowExecution(wid);
      expect(server.requests.map((request) => request.headers["x-auth-token"])).toEqual([
        "token-1",
        "token-2",
      ]);
    });

    test("a failing token function gives OneproviderError with its error as cause, and sends nothing", async () => {
      const { server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const cause = new Error("vault is sealed");
      const client = makeClient({
        baseUrl: server.baseUrl,
        token: () => {
          throw cause;
        },
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderError);
      expect(error.cause).toBe(cause);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("bad input fails before any request", () => {
    test.each<[string, unknown]>([
      ["an empty wid", ""],
      ["a wid that is not a string", 42],
      ["undefined", undefined],
      ['"."', "."],
      ['".."', ".."],
      ["a lone surrogate", "abc\uD800"],
    ])("%s", async (_label, badWid) => {
      const { client, attempts } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const error = await rejectionOf(client.getWorkflowExecution(badWid as string));
      expect(error).toBeInstanceOf(OneproviderUsageError);
      expect(attempts()).toBe(0);
    });
  });
});
