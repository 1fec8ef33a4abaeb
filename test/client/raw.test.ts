import { afterEach, describe, expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  createOneproviderClient,
  OneproviderUsageError,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { sendJson, startTestServer, type Handler, type TestServer } from "../support/http-server.js";
import { resolveRef, spec } from "../support/spec.js";

const token = "raw-test-token-0123456789";
const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
const execution = resolveRef<{ value: unknown }>(spec.components.examples.JustScheduled!).value;
const notFound = { error: { id: "notFound", description: "The resource could not be found." } };
const path = "/automation/execution/workflows/{wid}";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe.each(["fetch", "node:http"])("rawClient over %s", (engineName) => {
  async function rawFor(handler: Handler, options: Partial<OneproviderClientOptions> = {}) {
    const server = await startTestServer(handler);
    servers.push(server);
    const clientOptions = {
      baseUrl: server.baseUrl,
      token,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      ...options,
    };
    const client =
      engineName === "fetch"
        ? createOneproviderClient(clientOptions)
        : createClientWithEngine(clientOptions, nodeHttpEngine());
    return { server, client, raw: rawClient(client) };
  }

  test.each([
    ["..", ".."],
    [".", "."],
    ["empty", ""],
    ["missing", undefined],
  ])(
    "a path parameter that cannot be one segment (%s) is a usage error, and nothing is sent",
    async (_label, value) => {
      const { raw, server } = await rawFor((_q, r) => sendJson(r, 200, execution));
      const sent = raw.GET(path, { params: { path: { wid: value as string } } });
      await expect(sent).rejects.toBeInstanceOf(OneproviderUsageError);
      await expect(sent).rejects.toThrow(/wid must be a non-empty string other than "\." and "\.\."/);
      expect(server.requests).toHaveLength(0);
    },
  );

  test("is authenticated, and gives { data, error, response }", async () => {
    const { raw, server } = await rawFor((_q, r, attempt) =>
      attempt === 1 ? sendJson(r, 200, execution) : sendJson(r, 404, notFound),
    );
    const ok = await raw.GET(path, { params: { path: { wid } } });
    expect(ok.data).toEqual(execution);
    expect(ok.response.url).toBe(`${server.baseUrl}/automation/execution/workflows/${wid}`);
    const missing = await raw.GET(path, { params: { path: { wid: "nope" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual(notFound);
    expect(server.requests.map((request) => request.headers["x-auth-token"])).toEqual([token, token]);
  });

  test("a response's body stream holds the body, with parseAs: stream and on response.body", async () => {
    const { raw } = await rawFor((_q, r) => sendJson(r, 200, execution));
    const streamed = await raw.GET(path, { params: { path: { wid } }, parseAs: "stream" });
    expect(JSON.parse(await new Response(streamed.data as ReadableStream).text())).toEqual(execution);
    const plain = await raw.GET(path, { params: { path: { wid } }, parseAs: "text" });
    expect(JSON.parse(plain.data as string)).toEqual(execution);
    const viaBody = await raw.GET(path, { params: { path: { wid } }, parseAs: "stream" });
    expect(viaBody.data).toBe(viaBody.response.body);
    expect(await viaBody.response.json()).toEqual(execution);
  });

  test("goes through the client's retry rules and hooks", async () => {
    const seen: string[] = [];
    const { raw, server } = await rawFor(
      (_q, r, attempt) =>
        attempt === 1
          ? sendJson(r, 503, { error: { id: "x", description: "busy" } })
          : sendJson(r, 200, execution),
      {
        onRequest: ({ attempt }) => void seen.push(`request ${attempt}`),
        onRetry: ({ attempt, reason }) =>
          void seen.push(`retry ${attempt} ${"status" in reason ? reason.status : "error"}`),
        onResponse: ({ attempt, status }) => void seen.push(`response ${attempt} ${status}`),
      },
    );
    const { data } = await raw.GET(path, { params: { path: { wid } } });
    expect(data).toEqual(execution);
    expect(server.requests).toHaveLength(2);
    expect(seen).toEqual(["request 1", "response 1 503", "retry 1 503", "request 2", "response 2 200"]);
  });

  test("a same-origin redirect is followed: the response tells where the answer came from", async () => {
    const { raw, server } = await rawFor((request, r) =>
      request.url!.includes("/moved")
        ? sendJson(r, 200, execution)
        : r.writeHead(307, { location: `${server.baseUrl}/moved` }).end(),
    );
    const direct = await raw.GET(path, { params: { path: { wid: "moved" } } });
    expect(direct.response.redirected).toBe(false);
    const moved = await raw.GET(path, { params: { path: { wid } } });
    expect(moved.data).toEqual(execution);
    expect(moved.response.redirected).toBe(true);
    expect(moved.response.url).toBe(`${server.baseUrl}/moved`);
  });

  test("a 204 is a Response without a body; a body is sent only when there is one", async () => {
    const bodies: string[] = [];
    const { raw } = await rawFor(async (request, r) => {
      let text = "";
      for await (const chunk of request) text += String(chunk);
      bodies.push(`${request.method} ${JSON.stringify(text)} ${request.headers["content-length"] ?? "-"}`);
      r.writeHead(204).end();
    });
    const cancelled = await raw.POST("/automation/execution/workflows/{wid}/cancel", {
      params: { path: { wid } },
    });
    expect(cancelled.response.status).toBe(204);
    expect(cancelled.response.body).toBeNull();
    await raw.POST("/automation/execution/workflows/{wid}/retry", {
      params: { path: { wid } },
      body: { laneIndex: 1, laneRunNumber: 1 },
    });
    expect(bodies[0]).toBe(`POST "" 0`);
    expect(bodies[1]).toMatch(/^POST "\{.*laneIndex.*\}" \d+$/);
  });

  test("a caller's headers go with the request; a HEAD is sent without a body", async () => {
    const { raw, server } = await rawFor((_q, r) => sendJson(r, 200, execution));
    await raw.GET(path, { params: { path: { wid } }, headers: { "x-trace": "abc" } });
    expect(server.requests[0]!.headers["x-trace"]).toBe("abc");
    const head = await (raw as unknown as { HEAD: typeof raw.GET }).HEAD(path, { params: { path: { wid } } });
    expect(head.response.status).toBe(200);
    expect(server.requests[1]!.method).toBe("HEAD");
  });

  test("a request outside the operation table is named by its method and path", async () => {
    const seen: Array<{ operationId: string }> = [];
    const { raw } = await rawFor((_q, r) => sendJson(r, 404, notFound), {
      onRequest: (event) => void seen.push(event),
    });
    await (raw as unknown as { GET: (p: string) => Promise<unknown> }).GET("/no/such/path");
    // A known path with a method the table does not have is not one of its operations either.
    await (raw as unknown as { PUT: (p: string, o: object) => Promise<unknown> }).PUT(path, {
      params: { path: { wid } },
    });
    expect(seen.map((event) => event.operationId)).toEqual([
      "GET /api/v3/oneprovider/no/such/path",
      `PUT /api/v3/oneprovider/automation/execution/workflows/${wid}`,
    ]);
  });

  test("is made once per client", async () => {
    const { client, raw } = await rawFor((_q, r) => sendJson(r, 200, execution));
    expect(rawClient(client)).toBe(raw);
  });
});

test("rawClient refuses what is not a client made by createOneproviderClient", () => {
  expect(() => rawClient({ baseUrl: "https://x" } as never)).toThrow(OneproviderUsageError);
});
