import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient } from "../../src/index.js";
import { startTestServer, sendJson, type TestServer } from "../support/http-server.js";

// A list route that pages as the server does (onedata-actions §1): a page of `limit` ids after the
// token's index; isLast = limit > the ids returned, so a page exactly full still carries a token; the
// token is base64url of the last index, without padding.
let ids: string[] = [];
let server: TestServer;
const pageSizes: number[] = [];

beforeAll(async () => {
  server = await startTestServer((request, response) => {
    const url = new URL(request.url!, "http://x");
    const limit = Number(url.searchParams.get("limit") ?? 1000);
    const token = url.searchParams.get("token");
    const start = token === null ? 0 : Number(Buffer.from(token, "base64url").toString()) + 1;
    const page = ids.slice(start, start + limit);
    pageSizes.push(page.length);
    const isLast = limit > page.length;
    sendJson(response, 200, {
      atmWorkflowExecutions: page,
      isLast,
      nextPageToken: isLast ? null : Buffer.from(String(start + page.length - 1)).toString("base64url"),
    });
  });
});
afterAll(() => server.close());

describe("iterateWorkflowExecutions", () => {
  test("yields every id of every page exactly once, in order, whatever the page size", async () => {
    const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t" });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 13 }),
        async (total, pageSize) => {
          ids = Array.from({ length: total }, (_, index) => `execution-${index}`);
          pageSizes.length = 0;
          const seen: string[] = [];
          for await (const id of client.iterateWorkflowExecutions("space", { pageSize })) seen.push(id);
          expect(seen).toEqual(ids);
          // One request per page, plus the empty page after a last page that was exactly full.
          expect(pageSizes.length).toBe(Math.floor(total / pageSize) + 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  test.each([
    [12, 4],
    [12, 5],
    [0, 3],
  ])(
    "%i ids in pages of %i: a page exactly full still leads to one more request",
    async (total, pageSize) => {
      const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t" });
      ids = Array.from({ length: total }, (_, index) => `e${index}`);
      pageSizes.length = 0;
      const seen: string[] = [];
      for await (const id of client.iterateWorkflowExecutions("space", { pageSize })) seen.push(id);
      expect(seen).toEqual(ids);
      expect(pageSizes.at(-1)).toBe(total % pageSize);
    },
  );

  test("stops early when the caller breaks, without asking for more pages", async () => {
    const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t" });
    ids = Array.from({ length: 30 }, (_, index) => `e${index}`);
    pageSizes.length = 0;
    for await (const id of client.iterateWorkflowExecutions("space", { pageSize: 10 }))
      if (id === "e3") break;
    expect(pageSizes).toEqual([10]);
  });
});
