import { afterEach, describe, expect, test } from "vitest";
import { createOneproviderClient, OneproviderInvalidResponseError } from "../../src/index.js";
import { MAX_PAGES_WITHOUT_NEW_IDS } from "../../src/client/list.js";
import { cli, runCli } from "../support/run-cli.js";
import { makeExecution } from "../support/executions.js";
import { sendJson, startTestServer, type Handler, type TestServer } from "../support/http-server.js";

// Hostile list servers, on loopback: each would make the iteration (and `ls`) run forever if
// believed. They are stopped, with a typed error, after a bounded number of requests.
const servers: TestServer[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((server) => server.close()))));
const serve = async (handler: Handler) => {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
};
const page = (ids: string[], isLast: boolean, nextPageToken: string | null) => ({
  atmWorkflowExecutions: ids,
  isLast,
  nextPageToken,
});

async function drain(server: TestServer) {
  const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t0k3n", retry: false });
  const ids: string[] = [];
  let error: any;
  try {
    for await (const id of client.iterateWorkflowExecutions("space-1", { pageSize: 2 })) ids.push(id);
  } catch (caught) {
    error = caught;
  }
  return { ids, error };
}

describe("iterateWorkflowExecutions against a server that would never end", () => {
  test("the same nextPageToken again, isLast false forever: stopped at the repeat", async () => {
    const server = await serve((_q, r) => sendJson(r, 200, page(["a", "b"], false, "same-token")));
    const { ids, error } = await drain(server);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.message).toMatch(/nextPageToken it had sent before/);
    expect(error).toMatchObject({ operationId: "listWorkflowExecutions", status: 200 });
    expect(server.requests).toHaveLength(2);
    expect(ids).toEqual(["a", "b", "a", "b"]);
  });

  test("a cycle of tokens is no progress either", async () => {
    const server = await serve((_q, r, attempt) =>
      sendJson(r, 200, page([`id-${attempt}`], false, `token-${attempt % 3}`)),
    );
    const { error } = await drain(server);
    expect(error.message).toMatch(/nextPageToken it had sent before/);
    expect(server.requests).toHaveLength(4);
  });

  test("empty pages with a new token each time: stopped after a few in a row, never silent", async () => {
    const server = await serve((_q, r, attempt) => sendJson(r, 200, page([], false, `fresh-${attempt}`)));
    const { ids, error } = await drain(server);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.message).toMatch(/pages in a row brought no new id/);
    expect(ids).toEqual([]);
    expect(server.requests).toHaveLength(MAX_PAGES_WITHOUT_NEW_IDS);
  });

  test("the same ids again under a fresh token each time: stopped after a few pages in a row", async () => {
    const server = await serve((_q, r, attempt) =>
      sendJson(r, 200, page(["a", "b"], false, `fresh-${attempt}`)),
    );
    const { ids, error } = await drain(server);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.message).toMatch(/pages in a row brought no new id/);
    // The first page is new; the next ones repeat it.
    expect(server.requests).toHaveLength(MAX_PAGES_WITHOUT_NEW_IDS + 1);
    expect(ids).toEqual(Array.from({ length: MAX_PAGES_WITHOUT_NEW_IDS + 1 }, () => ["a", "b"]).flat());
  });

  test("two pages taking turns under fresh tokens is no progress either", async () => {
    const server = await serve((_q, r, attempt) =>
      sendJson(r, 200, page(attempt % 2 ? ["a", "b"] : ["c", "d"], false, `fresh-${attempt}`)),
    );
    const { error } = await drain(server);
    expect(error.message).toMatch(/pages in a row brought no new id/);
    expect(server.requests).toHaveLength(MAX_PAGES_WITHOUT_NEW_IDS + 2);
  });

  test("one id new among repeated ones is progress: the list goes on", async () => {
    const pages = [
      page(["a", "b"], false, "t1"),
      page(["b", "c"], false, "t2"),
      page(["c", "d"], true, null),
    ];
    const server = await serve((_q, r, attempt) => sendJson(r, 200, pages[attempt - 1]));
    const { ids, error } = await drain(server);
    expect(error).toBeUndefined();
    expect(ids).toEqual(["a", "b", "b", "c", "c", "d"]);
  });

  test.each([
    ["a number", 7, 1],
    ["an empty string", "", 1],
    ["null", null, 1],
  ])("an item that is %s is an invalid response naming it", async (_label, item, index) => {
    const server = await serve((_q, r) => sendJson(r, 200, page(["a", item as string], true, null)));
    const { ids, error } = await drain(server);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.message).toContain(`item ${index} of the page is not an id (a non-empty string)`);
    expect(ids).toEqual([]);
  });

  test("one empty page that says more follows is tolerated when ids come after it", async () => {
    const pages = [page(["a"], false, "t1"), page([], false, "t2"), page(["b"], true, null)];
    const server = await serve((_q, r, attempt) => sendJson(r, 200, pages[attempt - 1]));
    const { ids, error } = await drain(server);
    expect(error).toBeUndefined();
    expect(ids).toEqual(["a", "b"]);
  });

  test("isLast ends it, even when the last page still carries a token", async () => {
    const server = await serve((_q, r) => sendJson(r, 200, page(["a", "b"], true, "a-token-anyway")));
    const { ids, error } = await drain(server);
    expect(error).toBeUndefined();
    expect(ids).toEqual(["a", "b"]);
    expect(server.requests).toHaveLength(1);
  });

  test("a page that is not a page is an invalid response, not a TypeError", async () => {
    const server = await serve((_q, r) => sendJson(r, 200, { atmWorkflowExecutions: "a,b", isLast: false }));
    const { error } = await drain(server);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.message).toMatch(/not a page of ids/);
  });
});

test("oneprovider-atm ls against a server repeating its token ends with one line and exit 1", async () => {
  const server = await serve((_q, r) => sendJson(r, 200, page(["a", "b"], false, "same-token")));
  const result = await runCli(["ls", "space-1"], { baseUrl: server.baseUrl, token: "t0k3n-abcdef" }, []);
  expect(cli).toBeTruthy();
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(/nextPageToken it had sent before/);
  expect(server.requests.length).toBeLessThan(5);
});

test("ls prints each page as it comes: a list that never ends does not grow its memory, and what came is shown", async () => {
  // Three pages of fresh ids, then a page that never comes.
  const server = await serve((_q, r, attempt) => {
    if (attempt > 3) return;
    const ids = Array.from({ length: 1000 }, (_, index) => `id-${attempt}-${index}`);
    sendJson(r, 200, page(ids, false, `token-${attempt}`));
  });
  const result = await runCli(
    ["ls", "space-1", "--timeout", "300"],
    { baseUrl: server.baseUrl, token: "t0k3n-abcdef" },
    [],
  );
  expect(result.code).toBe(3);
  const printed = result.stdout.trim().split("\n");
  expect(printed).toHaveLength(3000);
  expect(printed[2999]).toBe("id-3-999");
});

test("ls --long reads and prints each batch as it comes: the ids of an endless list are not all held first", async () => {
  // Two pages of fresh ids, each answered with its details, then a page that never comes.
  let pages = 0;
  const server = await serve((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const wid = url.pathname.match(/\/workflows\/([^/]+)$/)?.[1];
    if (wid !== undefined)
      return sendJson(response, 200, makeExecution({ atmWorkflowExecutionId: wid, name: `n-${wid}` }));
    pages += 1;
    if (pages > 2) return;
    const ids = Array.from({ length: 1000 }, (_, index) => `id-${pages}-${index}`);
    sendJson(response, 200, page(ids, false, `token-${pages}`));
  });
  const result = await runCli(
    ["ls", "space-1", "--long", "--timeout", "300"],
    { baseUrl: server.baseUrl, token: "t0k3n-abcdef" },
    [],
  );
  expect(result.code).toBe(3);
  const printed = result.stdout.trim().split("\n");
  expect(printed).toHaveLength(2001);
  expect(printed[0]).toMatch(/^ID +STATUS/);
  expect(printed[2000]).toMatch(/^id-2-999 {2}active +.* {2}n-id-2-999$/);
});
