import type { ServerResponse } from "node:http";
import { describe, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import {
  createOneproviderClient,
  isOneproviderApiError,
  OneproviderInvalidResponseError,
  OneproviderUsageError,
  type AuditLogEntry,
} from "../../src/index.js";
import { engines, envelope, harness } from "../support/both-engines.js";
import { rejectionOf, sendJson } from "../support/http-server.js";

const storeId = "5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5bch6d2a";
const entries: AuditLogEntry[] = [
  {
    index: "0",
    timestamp: 1764241200512,
    severity: "notice",
    content: {
      description: "Scheduled execution.",
      details: { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } },
    },
  },
  {
    index: "1",
    timestamp: 1764241201000,
    severity: "info",
    source: "user",
    content: { message: "żółw – 🐢 ünïcødé" },
  },
  {
    index: "3",
    timestamp: 1764241207031,
    severity: "error",
    content: { description: "[Lane: 2, Run: 1] Failed." },
  },
];

/** The body the server streams: "[", items pretty-printed with " : ", each followed by CRLF, "," between, "]". */
function serverFormat(items: unknown[]): Buffer {
  const pretty = (item: unknown) => JSON.stringify(item, null, 2).replace(/": /g, '" : ');
  return Buffer.from(
    `[${items.map((item, index) => `${index > 0 ? "," : ""}${pretty(item)}\r\n`).join("")}]`,
  );
}

/** Writes `bytes` in pieces of `size`, one per event-loop turn, so the client meets every split. */
async function writeInPieces(response: ServerResponse, bytes: Buffer, size: number, end = true) {
  response.writeHead(200, { "content-type": "application/json" });
  for (let offset = 0; offset < bytes.length; offset += size) {
    response.write(bytes.subarray(offset, offset + size));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (end) response.end();
  else response.destroy();
}

async function collect(iterable: AsyncIterable<AuditLogEntry>) {
  const seen: AuditLogEntry[] = [];
  for await (const entry of iterable) seen.push(entry);
  return seen;
}

describe.each(engines)("dumpAuditLog over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  test.each([1, 2, 3, 7, 64])(
    "parses the server's format sent in pieces of %i bytes (splitting multi-byte characters)",
    async (size) => {
      const { client, server } = await clientFor((_q, r) => writeInPieces(r, serverFormat(entries), size));
      expect(await collect(dumpAuditLog(client, storeId))).toEqual(entries);
      expect(server.requests[0]!.rawUrl).toBe(
        `/api/v3/oneprovider/automation/execution/stores/${storeId}/dump`,
      );
      // The route refuses Accept: application/json (406).
      expect(server.requests[0]!.headers.accept).toBe("application/octet-stream, application/json;q=0.9");
    },
  );

  test("an empty log is no entries", async () => {
    const { client } = await clientFor((_q, r) => writeInPieces(r, Buffer.from("[]"), 1));
    expect(await collect(dumpAuditLog(client, storeId))).toEqual([]);
  });

  test.each([
    ["ends cleanly before its closing ]", true],
    ["is cut by a dropped connection", false],
  ])("a body that %s is an error, never a silent end", async (_label, endCleanly) => {
    const whole = serverFormat(entries);
    const { client } = await clientFor((_q, r) =>
      writeInPieces(r, whole.subarray(0, whole.length - 40), 16, endCleanly),
    );
    const seen: AuditLogEntry[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const entry of dumpAuditLog(client, storeId)) seen.push(entry);
      })(),
    );
    expect(error.name).toMatch(/^Oneprovider(InvalidResponse|Network)Error$/);
    if (endCleanly) expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(seen.length).toBeLessThan(entries.length);
  });

  test.each([
    ["an object", '{"x": 1}'],
    ["not JSON", "<html>oops</html>"],
    ["nothing", ""],
  ])("a 200 whose body is %s is an OneproviderInvalidResponseError", async (_label, text) => {
    const { client } = await clientFor((_q, r) => writeInPieces(r, Buffer.from(text), 4));
    expect(await rejectionOf(collect(dumpAuditLog(client, storeId)))).toBeInstanceOf(
      OneproviderInvalidResponseError,
    );
  });

  test("a store that is not an audit log is the server's 400 notSupported", async () => {
    const { client } = await clientFor((_q, r) =>
      sendJson(r, 400, envelope("notSupported", "This operation is not supported.")),
    );
    const error = await rejectionOf(collect(dumpAuditLog(client, storeId)));
    expect(isOneproviderApiError(error, "notSupported")).toBe(true);
  });

  test("the caller's abort mid-stream rejects with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("enough");
    // Aborted once the answer's head has arrived (the response hook), whatever the machine's speed.
    const { client } = await clientFor(
      (_q, r) => {
        r.writeHead(200, { "content-type": "application/json" });
        r.write(serverFormat(entries).subarray(0, 30));
      },
      { onResponse: () => void queueMicrotask(() => controller.abort(reason)) },
    );
    const read = collect(dumpAuditLog(client, storeId, { signal: controller.signal }));
    expect(await rejectionOf(read)).toBe(reason);
  });

  test("a stream that stalls longer than timeoutMs between chunks times out", async () => {
    const { client } = await clientFor((_q, r) => {
      r.writeHead(200, { "content-type": "application/json" });
      r.write("[");
    });
    const error = await rejectionOf(collect(dumpAuditLog(client, storeId, { timeoutMs: 100 })));
    expect(error.name).toBe("OneproviderTimeoutError");
  });
});

test("dumpAuditLog needs a client made by createOneproviderClient, and a store id", async () => {
  expect(await rejectionOf(dumpAuditLog({} as never, storeId).next())).toBeInstanceOf(OneproviderUsageError);
  const client = createOneproviderClient({ baseUrl: "http://127.0.0.1:9/api/v3/oneprovider", token: "t" });
  expect(await rejectionOf(dumpAuditLog(client, "").next())).toBeInstanceOf(OneproviderUsageError);
});
