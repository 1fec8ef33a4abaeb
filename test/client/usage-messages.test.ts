import { describe, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import { createClientWithEngine } from "../../src/client/create-client.js";
import {
  createOneproviderClient,
  getProviderConfiguration,
  OneproviderUsageError,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { createNodeClient } from "../../src/node.js";
import { rawClient } from "../../src/raw.js";
import { MAX_RESPONSE_BYTES } from "../../src/transport/read-body.js";
import { scriptedEngine } from "../support/scripted-engine.js";

// Each usage error says exactly what is wrong and names the option or argument; each limit is checked
// at its very edge (the largest value taken, the first refused). The messages are part of what a
// caller sees, so they are pinned word for word.
const MAX_DELAY_MS = 2 ** 31 - 1;
const host = "p.example.org";

/** What the call throws, synchronously or as a rejection; fails the test when it does not. */
async function usageErrorOf(call: () => unknown): Promise<string> {
  let thrown: unknown;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(OneproviderUsageError);
  return (thrown as Error).message;
}

const create = (options: unknown) => () => createOneproviderClient(options as OneproviderClientOptions);

describe("createOneproviderClient's options", () => {
  test.each<[string, unknown, string]>([
    ["no options", undefined, "the options must be an object with host or baseUrl"],
    ["null", null, "the options must be an object with host or baseUrl"],
    ["a string", "p.example.org", "the options must be an object with host or baseUrl"],
    ["validate not a function", { host, validate: true }, "validate must be a function"],
    ["onRequest not a function", { host, onRequest: 1 }, "onRequest must be a function"],
    ["onResponse not a function", { host, onResponse: "x" }, "onResponse must be a function"],
    ["onRetry not a function", { host, onRetry: {} }, "onRetry must be a function"],
    ["onError not a function", { host, onError: [] }, "onError must be a function"],
    [
      "headers an array",
      { host, headers: [] },
      "headers must be an object of header names and string values",
    ],
    ["fetch not a function", { host, fetch: "fetch" }, "no fetch here: pass one as fetch"],
    ["a token neither string nor function", { host, token: 42 }, "token must be a string or a function"],
    ["an empty token", { host, token: "  " }, "token must be a non-empty string"],
    [
      "a timeout of 0",
      { host, timeoutMs: 0 },
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a timeout of NaN",
      { host, timeoutMs: Number.NaN },
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "an infinite timeout",
      { host, timeoutMs: Infinity },
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a timeout as text",
      { host, timeoutMs: "100" },
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a timeout one past the timer's",
      { host, timeoutMs: MAX_DELAY_MS + 1 },
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "maxResponseBytes 0",
      { host, maxResponseBytes: 0 },
      `maxResponseBytes must be a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES}`,
    ],
    [
      "maxResponseBytes 1.5",
      { host, maxResponseBytes: 1.5 },
      `maxResponseBytes must be a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES}`,
    ],
    [
      "maxResponseBytes one past",
      { host, maxResponseBytes: MAX_RESPONSE_BYTES + 1 },
      `maxResponseBytes must be a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES}`,
    ],
    [
      "retries one past",
      { host, retry: { retries: MAX_DELAY_MS + 1 } },
      `retry.retries must be a non-negative number, at most ${MAX_DELAY_MS}`,
    ],
    [
      "maxDelayMs one past",
      { host, retry: { maxDelayMs: MAX_DELAY_MS + 1 } },
      `retry.maxDelayMs must be a non-negative number, at most ${MAX_DELAY_MS}`,
    ],
    ["a baseUrl that is not text", { baseUrl: 42 }, "baseUrl must be a string"],
    [
      "a baseUrl with a query",
      { baseUrl: "https://p.example.org/api?x" },
      "baseUrl must not have a query or a fragment",
    ],
    ["a host with a fragment", { host: "p.example.org#x" }, "host must not have a query or a fragment"],
    ["a baseUrl that is no URL", { baseUrl: "nothing" }, "baseUrl is not a valid URL or host"],
    ["a host that is no URL", { host: "https://a b" }, "host is not a valid URL or host"],
    [
      "a scheme ending in https",
      { baseUrl: "git+https://p.example.org" },
      "baseUrl must use https (or http on loopback)",
    ],
    ["another scheme as host", { host: "ftp://p.example.org" }, "host must use https (or http on loopback)"],
    [
      "a user name alone",
      { host: "https://alice@p.example.org" },
      "host must not carry credentials: pass the token as token",
    ],
    [
      "a password alone",
      { baseUrl: "https://:pw@p.example.org" },
      "baseUrl must not carry credentials: pass the token as token",
    ],
    [
      "a host with another path",
      { host: "https://p.example.org/x" },
      "host has the path /x: pass a host or origin, or the full base as baseUrl",
    ],
    ["neither host nor baseUrl", {}, 'host (such as "provider.example.org") or baseUrl is required'],
  ])("%s", async (_label, options, message) => {
    expect(await usageErrorOf(create(options))).toBe(message);
  });

  test.each<[string, Partial<OneproviderClientOptions>]>([
    ["the longest timeout a timer can wait", { timeoutMs: MAX_DELAY_MS }],
    ["the largest maxResponseBytes", { maxResponseBytes: MAX_RESPONSE_BYTES }],
    ["the most retries", { retry: { retries: MAX_DELAY_MS } }],
    ["the longest retry delay", { retry: { maxDelayMs: MAX_DELAY_MS } }],
    // The default minDelayMs (300) gives way to a smaller maxDelayMs given alone.
    ["a maxDelayMs below the default minDelayMs", { retry: { maxDelayMs: 100 } }],
  ])("%s is taken", (_label, options) => {
    expect(() => createOneproviderClient({ host, ...options })).not.toThrow();
  });

  test.each([
    ["http://notlocalhost", false],
    ["http://localhost.example.org", false],
    ["http://127.0.0.1.example.org", false],
    ["http://127.10.20.30:8080", true],
    ["http://LOCALHOST", true],
  ] as const)("plain http to %s is %s without the opt-in", async (baseHost, allowed) => {
    if (allowed) expect(() => createOneproviderClient({ host: baseHost })).not.toThrow();
    else
      expect(await usageErrorOf(create({ host: baseHost }))).toMatch(
        /^plain http to .* would send the token unencrypted: use https, or allowInsecureHttp: true$/,
      );
  });

  test("every trailing slash of a baseUrl is dropped", () => {
    expect(createOneproviderClient({ baseUrl: "https://p.example.org/op/api///" }).baseUrl).toBe(
      "https://p.example.org/op/api",
    );
  });
});

describe("createNodeClient's options", () => {
  test.each<[string, unknown, string]>([
    ["null", null, "the options must be an object with host or baseUrl"],
    ["a number", 7, "the options must be an object with host or baseUrl"],
    [
      "a fetch",
      { host, fetch: globalThis.fetch },
      "createNodeClient sends with node:http, not a fetch: leave fetch out",
    ],
    ["insecure as text", { host, insecure: "yes" }, "createNodeClient: insecure must be true or false"],
  ])("%s", async (_label, options, message) => {
    expect(await usageErrorOf(() => createNodeClient(options as never))).toBe(message);
  });

  test("fetch: undefined is no fetch, and is taken", () => {
    const client = createNodeClient({ host, fetch: undefined } as never);
    expect(client.baseUrl).toBe("https://p.example.org/api/v3/oneprovider");
    client.close();
  });
});

describe("a call's arguments", () => {
  const engine = scriptedEngine([{ status: 200, body: "{}" }]);
  const client = createClientWithEngine({ host, token: "t", retry: false }, engine);

  test.each<[string, () => unknown, string]>([
    [
      "a call's timeout",
      () => client.getWorkflowExecution("w", { timeoutMs: -5 }),
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "an empty wid",
      () => client.getWorkflowExecution(""),
      'wid must be a non-empty string other than "." and "..", not ""',
    ],
    [
      "a wid of ..",
      () => client.cancelWorkflowExecution(".."),
      'wid must be a non-empty string other than "." and "..", not ".."',
    ],
    [
      "a space id that is not text",
      () => client.listWorkflowExecutions(5 as never),
      'sid must be a non-empty string other than "." and "..", not 5',
    ],
    [
      "a page size of 0",
      () => client.iterateWorkflowExecutions("s", { pageSize: 0 })[Symbol.asyncIterator]().next(),
      "pageSize must be an integer from 1 to 1000",
    ],
    [
      "a page size of 1001",
      () => client.iterateWorkflowExecutions("s", { pageSize: 1001 })[Symbol.asyncIterator]().next(),
      "pageSize must be an integer from 1 to 1000",
    ],
    [
      "no schedule request",
      () => client.scheduleWorkflowExecution(null as never),
      "scheduleWorkflowExecution needs { spaceId, atmWorkflowSchemaId, atmWorkflowSchemaRevisionNumber }",
    ],
    [
      "a schedule request that is a string",
      () => client.scheduleWorkflowExecution("schema-1" as never),
      "scheduleWorkflowExecution needs { spaceId, atmWorkflowSchemaId, atmWorkflowSchemaRevisionNumber }",
    ],
    [
      "an empty space id",
      () =>
        client.scheduleWorkflowExecution({
          spaceId: "",
          atmWorkflowSchemaId: "s",
          atmWorkflowSchemaRevisionNumber: 1,
        }),
      "spaceId must be a non-empty string",
    ],
    [
      "a schema id that is not text",
      () =>
        client.scheduleWorkflowExecution({
          spaceId: "s",
          atmWorkflowSchemaId: 3 as never,
          atmWorkflowSchemaRevisionNumber: 1,
        }),
      "atmWorkflowSchemaId must be a non-empty string",
    ],
    [
      "revision 0",
      () =>
        client.scheduleWorkflowExecution({
          spaceId: "s",
          atmWorkflowSchemaId: "a",
          atmWorkflowSchemaRevisionNumber: 0,
        }),
      "atmWorkflowSchemaRevisionNumber must be an integer of at least 1",
    ],
    [
      "lane 0",
      () => client.retryWorkflowExecution("w", { laneIndex: 0, laneRunNumber: 1 }),
      "laneIndex must be an integer of at least 1",
    ],
    [
      "run 1.5",
      () => client.rerunWorkflowExecution("w", { laneIndex: 1, laneRunNumber: 1.5 }),
      "laneRunNumber must be an integer of at least 1",
    ],
    [
      "until not a function",
      () => client.waitForWorkflowExecution("w", { until: 1 as never }),
      "until must be a function",
    ],
    [
      "an interval of 0",
      () => client.waitForWorkflowExecution("w", { intervalMs: 0 }),
      "intervalMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a max interval of -1",
      () => client.waitForWorkflowExecution("w", { maxIntervalMs: -1 }),
      "maxIntervalMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a wait's timeout of NaN",
      () => client.waitForWorkflowExecution("w", { timeoutMs: Number.NaN }),
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "failures -1",
      () => client.waitForWorkflowExecution("w", { maxConsecutiveFailures: -1 }),
      "maxConsecutiveFailures must be a whole number, 0 or more",
    ],
    [
      "a dump's timeout",
      () => dumpAuditLog(client, "store", { timeoutMs: 0 }).next(),
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a configuration's timeout",
      () => getProviderConfiguration(client, { timeoutMs: Infinity }),
      "timeoutMs must be a positive number of ms, at most 2147483647 (about 24.8 days)",
    ],
    [
      "a dump without a client",
      () => dumpAuditLog({} as never, "store").next(),
      "dumpAuditLog needs a client made by createOneproviderClient",
    ],
    [
      "a configuration without a client",
      () => getProviderConfiguration({} as never),
      "getProviderConfiguration needs a client made by createOneproviderClient",
    ],
    [
      "a raw client without a client",
      () => rawClient({} as never),
      "rawClient needs a client made by createOneproviderClient",
    ],
  ])("%s", async (_label, call, message) => {
    const before = engine.requests.length;
    expect(await usageErrorOf(call)).toBe(message);
    expect(engine.requests.length).toBe(before);
  });

  test("a page size of 1000 is taken", async () => {
    const pages = scriptedEngine([{ status: 200, body: '{"atmWorkflowExecutions":[],"isLast":true}' }]);
    const lister = createClientWithEngine({ host, token: "t", retry: false }, pages);
    for await (const _id of lister.iterateWorkflowExecutions("s", { pageSize: 1000 })) break;
    expect(pages.requests[0]!.url).toContain("limit=1000");
  });
});
