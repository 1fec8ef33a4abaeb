import { afterEach, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import { createOneproviderClient, OneproviderResponseTooLargeError } from "../../src/index.js";
import { startTestServer, type TestServer } from "../support/http-server.js";

// The dump streams with no limit on the whole log, but a single entry is held whole until it ends:
// a server that sends one endless entry must not grow the client's memory without bound.
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const limit = 1024 * 1024;
const entry = (index: number, description: string) =>
  JSON.stringify({
    index: String(index),
    timestamp: 1764241200512,
    severity: "info",
    content: { description },
  });

test("one entry larger than maxResponseBytes is an error, and the rest is not read", async () => {
  let sent = 0;
  server = await startTestServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.write(`[${entry(0, "fine")},\r\n{"index":"1","content":{"description":"`);
    const chunk = "x".repeat(64 * 1024);
    // An endless entry: written for as long as the client reads.
    const pump = () => {
      while (!response.destroyed && sent < 64 * limit) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once("drain", pump);
      }
    };
    pump();
  });
  const client = createOneproviderClient({
    baseUrl: server.baseUrl,
    token: "t0k3n",
    maxResponseBytes: limit,
  });
  const seen: string[] = [];
  const error = await (async () => {
    for await (const each of dumpAuditLog(client, "store-1")) seen.push(each.index);
  })().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
  expect(error).toMatchObject({ limitBytes: limit, operationId: "dumpAtmStore" });
  expect((error as Error).message).toMatch(/an audit-log entry larger than maxResponseBytes/);
  expect(seen).toEqual(["0"]);
  expect(sent).toBeLessThan(16 * limit);
});

test("a log longer than maxResponseBytes, of small entries, streams through whole", async () => {
  const count = 5000;
  server = await startTestServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    const description = "y".repeat(400);
    const body = `[${Array.from({ length: count }, (_, index) => entry(index, description)).join(",\r\n")}]`;
    expect(body.length).toBeGreaterThan(limit);
    response.end(body);
  });
  const client = createOneproviderClient({
    baseUrl: server.baseUrl,
    token: "t0k3n",
    maxResponseBytes: limit,
  });
  let n = 0;
  for await (const _each of dumpAuditLog(client, "store-1")) n += 1;
  expect(n).toBe(count);
});
