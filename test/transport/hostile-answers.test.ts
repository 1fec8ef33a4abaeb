import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  createOneproviderClient,
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderResponseTooLargeError,
  OneproviderUsageError,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { createNodeFetch } from "../../src/node.js";
import { dumpAuditLog } from "../../src/audit-log.js";
import { validateWorkflowExecution } from "../../src/validate.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { execution, token, wid } from "../support/both-engines.js";
import {
  expectNoToken,
  rejectionOf,
  sendJson,
  startTestServer,
  type Handler,
  type TestServer,
} from "../support/http-server.js";

// Servers that misbehave on purpose, with each way this package sends: the default fetch, the
// command-line tool's node:http engine, and createNodeFetch given to the client as its fetch.
const ways = ["fetch", "node:http", "createNodeFetch"] as const;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function clientOver(way: (typeof ways)[number], options: OneproviderClientOptions) {
  if (way === "fetch") return createOneproviderClient(options);
  if (way === "node:http") {
    const engine = nodeHttpEngine();
    closers.push(() => engine.close());
    return createClientWithEngine(options, engine);
  }
  const nodeFetch = createNodeFetch({ insecure: true });
  closers.push(() => nodeFetch.close());
  return createOneproviderClient({ ...options, fetch: nodeFetch });
}

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startTestServer(handler);
  closers.push(() => server.close());
  return server;
}

const retry = { retries: 2, minDelayMs: 1, maxDelayMs: 2 };

/** A 200 that sends `start`, then blanks until the client hangs up; `written` counts the blanks sent. */
function endlessBlanks(start: string) {
  let written = 0;
  const handler: Handler = (_q, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!response.destroyed && response.write(chunk)) written += chunk.length;
      if (!response.destroyed) response.once("drain", pump);
    };
    if (start) response.write(start);
    pump();
  };
  return { handler, written: () => written };
}

describe.each(ways)("over %s", (way) => {
  async function clientFor(handler: Handler, options: Partial<OneproviderClientOptions> = {}) {
    const server = await serve(handler);
    return { server, client: clientOver(way, { baseUrl: server.baseUrl, token, retry, ...options }) };
  }

  describe("size", () => {
    test("a body over maxResponseBytes is refused with the limit named, read no further, not repeated", async () => {
      const body = JSON.stringify({ ...(execution as object), name: "x".repeat(5_000) });
      const { server, client } = await clientFor(
        (_q, response) => sendJson(response, 200, JSON.parse(body)),
        {
          maxResponseBytes: 4_096,
        },
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error).toMatchObject({ limitBytes: 4_096, status: 200, wid });
      expect(error.message).toContain("4096 bytes");
      expect(server.requests).toHaveLength(1);
    });

    test("an endless body without a length ends at the limit, not at the timeout", async () => {
      const endless = endlessBlanks("{");
      const { server, client } = await clientFor(endless.handler, {
        maxResponseBytes: 1 << 20,
        timeoutMs: 60_000,
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
      expect(error.limitBytes).toBe(1 << 20);
      expect(server.requests).toHaveLength(1);
      // Sent on until the client hung up; far less than the 60 s timeout would have let through.
      expect(endless.written()).toBeLessThan(64 << 20);
    });

    test("a dump of blanks that never reach its '[' ends at the limit, with nothing yielded", async () => {
      const endless = endlessBlanks("");
      const { server, client } = await clientFor(endless.handler, {
        maxResponseBytes: 1 << 20,
        timeoutMs: 60_000,
      });
      const yielded: unknown[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const entry of dumpAuditLog(client, "store-1")) yielded.push(entry);
        })(),
      );
      expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
      expect(error.limitBytes).toBe(1 << 20);
      expect(yielded).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(endless.written()).toBeLessThan(64 << 20);
    });

    test("by default a body declared over 32 MiB is refused before it is read, its connection dropped", async () => {
      let closed!: () => void;
      const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
      const { client } = await clientFor((_q, response) => {
        // 600 MiB would crash a process that tried to make one string of it.
        response.writeHead(200, { "content-type": "application/json", "content-length": 600 * 2 ** 20 });
        response.write("{");
        response.socket!.once("close", () => closed());
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
      expect(error.limitBytes).toBe(32 * 2 ** 20);
      // Not left open to download the rest to nowhere (a test timeout if it were).
      await connectionClosed;
    });

    test("a body of exactly maxResponseBytes is read", async () => {
      const text = JSON.stringify(execution);
      const { client } = await clientFor((_q, response) => sendJson(response, 200, execution), {
        maxResponseBytes: Buffer.byteLength(text),
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
    });
  });

  describe("encodings", () => {
    test("a BOM before the JSON is dropped, as fetch's text() drops it", async () => {
      const { client } = await clientFor((_q, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(`\uFEFF${JSON.stringify(execution)}`);
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
    });

    test.each([
      ["gzip", gzipSync],
      ["deflate", deflateSync],
      ["br", brotliCompressSync],
    ] as const)("a %s-compressed body is decompressed, even one sent unasked", async (coding, compress) => {
      const { client } = await clientFor((_q, response) => {
        const body = compress(Buffer.from(JSON.stringify(execution)));
        response.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": coding,
          "content-length": body.length,
        });
        response.end(body);
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
    });

    test("the limit counts decompressed bytes: a small gzip bomb is refused", async () => {
      const bomb = gzipSync(Buffer.from(`{"name":"${"a".repeat(4 << 20)}"}`));
      const { client } = await clientFor(
        (_q, response) => {
          response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
          response.end(bomb);
        },
        { maxResponseBytes: 1 << 20 },
      );
      expect(bomb.length).toBeLessThan(1 << 20);
      await expect(client.getWorkflowExecution(wid)).rejects.toBeInstanceOf(OneproviderResponseTooLargeError);
    });
  });

  describe("answers that are not HTTP as it is spoken", () => {
    test("status 999 is an invalid answer, not repeated", async () => {
      const server = await rawServer(
        () => `HTTP/1.1 999 Odd\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      );
      const client = clientOver(way, { baseUrl: server.baseUrl, token, retry });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error).toMatchObject({ status: 999 });
      expect(server.connections()).toBe(1);
    });

    test("a redirect to a Location that is not a URL is refused, not repeated", async () => {
      const { server, client } = await clientFor((_q, response) => {
        response.writeHead(302, { location: "http://[::1" });
        response.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error).toMatchObject({ status: 302, location: "http://[::1" });
      expect(error.message).toContain("not a URL");
      expect(server.requests).toHaveLength(1);
    });

    test("https to a port that speaks plain http says so, once", async () => {
      const server = await serve((_q, response) => sendJson(response, 200, execution));
      const client = clientOver(way, { baseUrl: server.baseUrl.replace("http:", "https:"), token, retry });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error).toMatchObject({ kind: "plain-http" });
      expect(error.message).toContain("does not speak TLS");
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("long waits", () => {
    test("a wait rides out a 503 and a dropped connection, then sees the execution end", async () => {
      const { server, client } = await clientFor(
        (_q, response, attempt) => {
          if (attempt === 2)
            return sendJson(response, 503, { error: { id: "serviceUnavailable", description: "x" } });
          if (attempt === 3) return response.socket!.destroy();
          sendJson(response, 200, { ...(execution as object), status: attempt < 4 ? "active" : "finished" });
        },
        { retry: false },
      );
      const failures: string[] = [];
      const updates: string[] = [];
      const result = await client.waitForWorkflowExecution(wid, {
        intervalMs: 1,
        onUpdate: (current) => updates.push(current.status),
        onPollFailure: (error) => failures.push(error.name),
      });
      expect(result.status).toBe("finished");
      expect(failures).toEqual(["OneproviderApiError", "OneproviderNetworkError"]);
      expect(updates).toEqual(["active", "finished"]);
      expect(server.requests).toHaveLength(4);
    });

    test("a body nested 20 000 deep ends a wait with an invalid-response error, not a RangeError", async () => {
      const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
      const { client } = await clientFor((_q, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(execution).replace(/}$/, `,"extra":${deep}}`));
      });
      const error = await rejectionOf(client.waitForWorkflowExecution(wid, { intervalMs: 1 }));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    });
  });

  describe("secrets in what the server sends", () => {
    test("a cross-origin Location carrying the token: not in the message, nor the location", async () => {
      const { client } = await clientFor((_q, response) => {
        response.writeHead(302, { location: `https://elsewhere.test/${token}/x?token=${token}` });
        response.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error.location).toBe("https://elsewhere.test/[token]/x");
      expectNoToken(error, token);
    });

    test("ctx, the error id and the keys of details are redacted; the envelope keeps its shape", async () => {
      const { client } = await clientFor((_q, response) =>
        sendJson(response, 400, {
          error: {
            id: `badValue${token}`,
            description: `bad ${token}`,
            details: { [token]: { key: token }, key: "laneIndex" },
            ctx: { node: `op@${token}`, at: [token] },
          },
        }),
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderApiError);
      expect(error.details).toEqual({ "[token]": { key: "[token]" }, key: "laneIndex" });
      expect(error.ctx).toEqual({ node: "op@[token]", at: ["[token]"] });
      expect(error.errorId).toBe("badValue[token]");
      expectNoToken(error, token);
    });

    test("a key of the body that echoes the token is redacted in the validation issues", async () => {
      const { client } = await clientFor(
        (_q, response) =>
          sendJson(response, 200, { ...(execution as object), storeRegistry: { [token]: 42 } }),
        { validate: validateWorkflowExecution },
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error.issues).toEqual([{ path: "/storeRegistry/[token]", message: "must be string" }]);
      expectNoToken(error, token);
    });

    test("a 200 whose whole body is the echoed token: the SyntaxError kept as cause is redacted", async () => {
      const { client } = await clientFor((request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(String(request.headers["x-auth-token"]));
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error.cause).toBeInstanceOf(SyntaxError);
      expectNoToken(error, token);
    });

    test("an answer that echoes the raw request is no HTTP: the failure's cause chain is redacted", async () => {
      const server = await rawServer((request) => request);
      const client = clientOver(way, { baseUrl: server.baseUrl, token, retry: false });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderError);
      expectNoToken(error, token);
    });
  });
});

describe("many calls sharing one AbortSignal", () => {
  test.each(["fetch", "node:http"] as const)(
    "over %s: no MaxListenersExceededWarning, and the abort still reaches every call",
    async (way) => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on("warning", onWarning);
      try {
        const server = await serve(() => undefined);
        const client = clientOver(way, { baseUrl: server.baseUrl, token, retry: false });
        const controller = new AbortController();
        const calls = Array.from({ length: 50 }, () =>
          rejectionOf(client.getWorkflowExecution(wid, { signal: controller.signal })),
        );
        while (server.requests.length < 50) await new Promise((resolve) => setTimeout(resolve, 5));
        const reason = new Error("enough");
        controller.abort(reason);
        for (const error of await Promise.all(calls)) expect(error).toBe(reason);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning")).toEqual([]);
      } finally {
        process.off("warning", onWarning);
      }
    },
  );
});

describe("maxResponseBytes", () => {
  test.each([0, -1, 1.5, Number.NaN, 2 ** 29, "1000"])("%s is refused", (value) => {
    expect(() =>
      createOneproviderClient({ host: "provider.test", maxResponseBytes: value as number }),
    ).toThrow(OneproviderUsageError);
  });
});

/**
 * A TCP server that answers each request with whatever `answer` makes of its raw bytes, then closes:
 * for answers no HTTP server library would send.
 */
async function rawServer(answer: (request: string) => string) {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    connections += 1;
    sockets.add(socket);
    let received = "";
    socket.on("data", (data) => {
      received += data.toString("latin1");
      if (received.includes("\r\n\r\n")) socket.end(answer(received));
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v3/oneprovider`,
    connections: () => connections,
  };
}
