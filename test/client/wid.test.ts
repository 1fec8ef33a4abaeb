import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient, type OneproviderClient } from "../../src/index.js";
import { sendJson, startTestServer, type TestServer } from "../support/http-server.js";

const prefix = "/api/v3/oneprovider/automation/execution/workflows/";
let server: TestServer;
let client: OneproviderClient;

beforeAll(async () => {
  // The server answers with the one segment it decoded, the way a provider reads `wid`.
  server = await startTestServer((request, response) => {
    const raw = request.url ?? "";
    const segment = raw.startsWith(prefix) ? raw.slice(prefix.length) : undefined;
    const decoded =
      segment !== undefined && !segment.includes("/") && !segment.includes("?")
        ? decodeURIComponent(segment)
        : null;
    sendJson(response, 200, { decoded, raw });
  });
  client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t", retry: false });
});
afterAll(() => server.close());

async function decodedByServer(wid: string) {
  const body = (await client.getWorkflowExecution(wid)) as unknown as { decoded: string | null; raw: string };
  return body;
}

describe("a wid travels as exactly one path segment", () => {
  test.each([
    "a/b",
    "a?b=c",
    "a#frag",
    "100%",
    "%2F",
    "../x",
    "a..b",
    "...",
    "with space",
    "zażółć",
    "🧪",
    "a+b",
    "a;b",
    "ch\u0000x",
  ])("%j", async (wid) => {
    const { decoded, raw } = await decodedByServer(wid);
    expect(raw.startsWith(prefix)).toBe(true);
    expect(decoded).toBe(wid);
  });

  test("any well-formed string but . and .. (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
          .filter((wid) => wid !== "." && wid !== ".."),
        async (wid) => {
          expect((await decodedByServer(wid)).decoded).toBe(wid);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("any string of arbitrary UTF-16 code units that is well-formed (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: "binary", minLength: 1, maxLength: 20 })
          .filter((wid) => wid.isWellFormed() && wid !== "." && wid !== ".."),
        async (wid) => {
          expect((await decodedByServer(wid)).decoded).toBe(wid);
        },
      ),
      { numRuns: 100 },
    );
  });
});
