import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient } from "../../src/index.js";
import { MAX_BODY_BYTES } from "../../src/mock/http.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";

// What a request can do to the process that hosts the mock (a test suite, most often): nothing.
let mock: MockOneprovider;
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", scenarios: ["finished"] });
});
afterAll(() => mock.close());

/**
 * POSTs `totalBytes` of body to the schedule route, without a token, in 1 MB chunks, stopping once an
 * answer comes; resolves with the answer's status, or the error that ended the exchange.
 */
function post(totalBytes: number, declareLength: boolean): Promise<number | string> {
  return new Promise((resolve) => {
    const url = new URL(`${mock.baseUrl}/automation/execution/workflows`);
    const request = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(declareLength ? { "content-length": totalBytes } : {}),
      },
    });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    const chunk = Buffer.alloc(1_000_000, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

describe("a request body larger than the mock takes", () => {
  test.each([
    ["declared in Content-Length", true],
    ["sent chunked, with no length", false],
  ])("%s: 413 without reading on, and the mock goes on serving", async (_label, declared) => {
    const outcome = await post(MAX_BODY_BYTES + 8_000_000, declared);
    // The answer comes before the body has all gone; a client still writing may meet the close first.
    expect([413, "ECONNRESET", "EPIPE"]).toContain(outcome);
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    expect((await client.getWorkflowExecution(mock.executions.finished)).status).toBe("scheduled");
  });

  test("a body just within the bound is read and judged as usual", async () => {
    // Blanks around nothing: not JSON, so the schedule's body check answers, not the size bound.
    expect(await post(MAX_BODY_BYTES - 1_000_000, true)).toBe(400);
  });
});

describe("a schedule's callback whose receiver never answers", () => {
  test("close() ends its delivery: the connection to the receiver is closed, and a pending advance ends", async () => {
    const { createServer } = await import("node:http");
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    // Takes the callback and never answers it.
    const receiver = createServer((request) => {
      request.socket.once("close", () => closed());
      arrived();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const own = await startMockOneprovider({ clock: "manual", scenarios: [] });
    try {
      const client = createOneproviderClient({ baseUrl: own.baseUrl, token: own.token });
      const { port } = receiver.address() as { port: number };
      await client.scheduleWorkflowExecution({
        spaceId: own.spaceId,
        atmWorkflowSchemaId: own.schemas[0]!.atmWorkflowSchemaId,
        atmWorkflowSchemaRevisionNumber: 1,
        callback: `http://127.0.0.1:${port}/done`,
      });
      const ended = own.runToEnd();
      await requestArrived;
      await own.close();
      await connectionClosed;
      await ended;
    } finally {
      await own.close().catch(() => undefined);
      receiver.closeAllConnections();
      receiver.close();
    }
    // Well under the 10 s a receiver gets to answer: it is close() that ended the delivery.
  }, 5_000);
});
