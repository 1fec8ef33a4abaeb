import { describe, expect, test, vi } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { PACKAGE_VERSION } from "../../src/client/package-version.js";
import {
  getProviderConfiguration,
  OneproviderApiError,
  OneproviderInvalidResponseError,
  OneproviderResponseTooLargeError,
  OneproviderTimeoutError,
  type OneproviderClientOptions,
} from "../../src/index.js";
import { validateWorkflowExecution } from "../../src/validate.js";
import { rejectionOf } from "../support/http-server.js";
import { makeExecution } from "../support/executions.js";
import { scriptedEngine, type Step } from "../support/scripted-engine.js";

// What the client makes of answers at their edges, each scripted: where each error points (its
// message, operation, status, execution), and which answers are still good ones.
const baseUrl = "https://p.test/api/v3/oneprovider";
function clientWith(steps: Step[], options: Partial<OneproviderClientOptions> = {}) {
  const engine = scriptedEngine(steps);
  return {
    engine,
    client: createClientWithEngine({ baseUrl, token: "t", retry: false, ...options }, engine),
  };
}
const json = (value: unknown, status = 200): Step => ({ status, body: JSON.stringify(value) });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

describe("requests as sent", () => {
  test("a call without query parameters has no '?'; JSON is asked for; the user-agent names this version", async () => {
    const { client, engine } = clientWith([json(makeExecution())]);
    await client.getWorkflowExecution("w");
    expect(engine.requests[0]!.url).toBe(`${baseUrl}/automation/execution/workflows/w`);
    expect(engine.requests[0]!.headers).toMatchObject({
      accept: "application/json",
      "user-agent": `oneprovider-atm-client/${PACKAGE_VERSION}`,
    });
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(PACKAGE_VERSION).toBe(version);
  });

  test("a list without options has no query at all", async () => {
    const { client, engine } = clientWith([json({ atmWorkflowExecutions: [], isLast: true })]);
    await client.listWorkflowExecutions("s", { phase: undefined });
    expect(engine.requests[0]!.url).toBe(`${baseUrl}/spaces/s/automation/execution/workflows`);
  });

  test("a list's signal and timeout reach its request", async () => {
    const controller = new AbortController();
    const reason = new Error("stop listing");
    // An engine that waits until its attempt is aborted, by the caller or by the timer.
    const waiting = (_url: string, init: { signal: AbortSignal }) =>
      new Promise<never>((_resolve, reject) =>
        init.signal.addEventListener("abort", () => reject(init.signal.reason)),
      );
    const client = createClientWithEngine({ baseUrl, token: "t", retry: false }, waiting);
    const aborted = client.listWorkflowExecutions("s", { signal: controller.signal });
    controller.abort(reason);
    expect(await rejectionOf(aborted)).toBe(reason);
    vi.useFakeTimers();
    try {
      const timed = rejectionOf(client.listWorkflowExecutions("s", { timeoutMs: 50 }));
      await vi.advanceTimersByTimeAsync(50);
      const error = await timed;
      expect(error).toBeInstanceOf(OneproviderTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 50 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("successful statuses", () => {
  test("any 2xx is a success, 299 included; 300 is not", async () => {
    const execution = makeExecution();
    expect(await clientWith([json(execution, 299)]).client.getWorkflowExecution("w")).toEqual(execution);
    const error = await rejectionOf(clientWith([json(execution, 300)]).client.getWorkflowExecution("w"));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({ status: 300 });
  });
});

describe("an execution that is not one", () => {
  test("a JSON array names the call, its operation, status and execution", async () => {
    const error = await rejectionOf(clientWith([json([1])]).client.getWorkflowExecution("w1"));
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error).toMatchObject({
      message: "GET /automation/execution/workflows/w1: the body is not a JSON object",
      operationId: "getWorkflowExecutionDetails",
      wid: "w1",
      status: 200,
    });
  });

  test("validation shows three issues and counts the rest; a missing key is named with its path", async () => {
    const execution = makeExecution() as unknown as Record<string, unknown>;
    const broken = { ...execution };
    delete broken["atmWorkflowExecutionId"];
    broken["status"] = 1;
    broken["spaceId"] = 2;
    broken["scheduleTime"] = "x";
    broken["startTime"] = "y";
    const { client } = clientWith([json(broken)], { validate: validateWorkflowExecution });
    const error = (await rejectionOf(client.getWorkflowExecution("w2"))) as OneproviderInvalidResponseError;
    expect(error.issues!.length).toBeGreaterThan(3);
    expect(error.issues).toContainEqual({ path: "/atmWorkflowExecutionId", message: "is missing" });
    expect(error.issues).toContainEqual({ path: "/spaceId", message: "must be string" });
    const shown = error.issues!.slice(0, 3).map((issue) => `${issue.path || "/"} ${issue.message}`);
    expect(error.message).toBe(
      `GET /automation/execution/workflows/w2: the body does not match the spec: ${shown.join("; ")} (and ${
        error.issues!.length - 3
      } more)`,
    );
    expect(error).toMatchObject({ operationId: "getWorkflowExecutionDetails", wid: "w2", status: 200 });
  });

  test("exactly three issues are shown with no count; a root issue is shown as /", async () => {
    const three = (body: unknown) => ({
      ok: false as const,
      issues: [
        { path: "", message: "is odd" },
        { path: "/a", message: "is bad" },
        { path: "/b", message: "is worse" },
      ],
      body,
    });
    const { client } = clientWith([json(makeExecution())], { validate: three });
    const error = await rejectionOf(client.getWorkflowExecution("w3"));
    expect((error as Error).message).toBe(
      "GET /automation/execution/workflows/w3: the body does not match the spec: / is odd; /a is bad; /b is worse",
    );
  });

  /** An execution whose deepest value sits `depth` objects down, the execution itself counted as 1. */
  const nestedTo = (depth: number) => {
    let deep: unknown = {};
    for (let level = 2; level < depth; level += 1) deep = { deeper: deep };
    return { ...makeExecution({ status: "finished" }), extra: deep };
  };
  const waitFor = async (execution: unknown) => {
    const poller = { getWorkflowExecution: async () => execution as never };
    const { waitForWorkflowExecution } = await import("../../src/client/wait.js");
    return waitForWorkflowExecution(poller, "w4");
  };

  test("a body nested deeper than 256 levels is an invalid answer while waiting, on every Node", async () => {
    for (const depth of [257, 20_000]) {
      const error = await rejectionOf(waitFor(nestedTo(depth)));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error).toMatchObject({
        message:
          "workflow execution w4: the body is nested too deeply to be an execution (more than 256 levels)",
        status: 200,
        wid: "w4",
      });
      expect((error as Error).cause).toBeUndefined();
    }
  });

  test("a body nested exactly 256 levels deep is waited on like any other", async () => {
    expect((await waitFor(nestedTo(256))).status).toBe("finished");
  });
});

describe("pages that are not pages", () => {
  test.each<[string, unknown, string]>([
    ["null", null, "the answer is not a page of ids (no atmWorkflowExecutions array)"],
    ["a number", 7, "the answer is not a page of ids (no atmWorkflowExecutions array)"],
    [
      "ids not in an array",
      { atmWorkflowExecutions: "a,b" },
      "the answer is not a page of ids (no atmWorkflowExecutions array)",
    ],
    [
      "a numeric token",
      { atmWorkflowExecutions: ["a"], isLast: false, nextPageToken: 3 },
      "the page's nextPageToken is neither a string nor null",
    ],
  ])("%s", async (_label, page, why) => {
    const { client } = clientWith([json(page)]);
    const error = await rejectionOf(collect(client.iterateWorkflowExecutions("s1")));
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error).toMatchObject({
      message: `listWorkflowExecutions of space s1: ${why}`,
      operationId: "listWorkflowExecutions",
      status: 200,
    });
  });

  test.each<[string, unknown]>([
    ["isLast with a token", { atmWorkflowExecutions: ["a"], isLast: true, nextPageToken: "more" }],
    ["a null token without isLast", { atmWorkflowExecutions: ["a"], isLast: false, nextPageToken: null }],
    ["no token at all", { atmWorkflowExecutions: ["a"] }],
  ])("the end of the list: %s", async (_label, page) => {
    const { client, engine } = clientWith([json(page), json({ atmWorkflowExecutions: ["b"], isLast: true })]);
    expect(await collect(client.iterateWorkflowExecutions("s"))).toEqual(["a"]);
    expect(engine.requests).toHaveLength(1);
  });
});

describe("a provider's configuration", () => {
  test.each([
    ["an array", []],
    ["null", null],
    ["a string", "provider"],
    ["a number", 1],
  ])("%s is an invalid answer", async (_label, body) => {
    const { client } = clientWith([json(body)]);
    const error = await rejectionOf(getProviderConfiguration(client));
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error).toMatchObject({
      message: "getConfiguration: the answer is not a JSON object",
      operationId: "getConfiguration",
      status: 200,
    });
  });

  test("an object is the configuration; the call's signal reaches the request", async () => {
    const configuration = { version: "21.02.8", build: "1-abc" };
    const { client, engine } = clientWith([json(configuration)]);
    expect(await getProviderConfiguration(client)).toEqual(configuration);
    expect(engine.requests[0]!.url).toBe(`${baseUrl}/configuration`);
    const reason = new Error("no need");
    expect(await rejectionOf(getProviderConfiguration(client, { signal: AbortSignal.abort(reason) }))).toBe(
      reason,
    );
  });
});

describe("a dump's stream at its edges", () => {
  const entry = { index: "0", timestamp: 1, severity: "info", content: { m: 1 } };
  const dump = (chunks: string[], options: Partial<OneproviderClientOptions> = {}) => {
    const { client } = clientWith(
      [{ status: 200, chunks, headers: { "content-type": "application/json" } }],
      options,
    );
    return collect(dumpAuditLog(client, "st1"));
  };
  const messageOf = async (chunks: string[], options: Partial<OneproviderClientOptions> = {}) =>
    (await rejectionOf(dump(chunks, options))) as OneproviderInvalidResponseError;

  test("white space before the array, even a whole chunk of it, is taken", async () => {
    expect(await dump(["  \n", `\t [${JSON.stringify(entry)}]`])).toEqual([entry]);
  });

  test("a first chunk of 64 blanks and more before the array is taken whole", async () => {
    expect(await dump([`${" ".repeat(64)}\r\n[${JSON.stringify(entry)}]`])).toEqual([entry]);
    expect(await dump([" ".repeat(200), `${" ".repeat(100)}[${JSON.stringify(entry)}]`])).toEqual([entry]);
  });

  test("blanks that never end before the array are held to maxResponseBytes, like any entry", async () => {
    const blanks = Array.from({ length: 50 }, () => " ".repeat(100));
    const error = await rejectionOf(
      dump([...blanks, `[${JSON.stringify(entry)}]`], { maxResponseBytes: 1000 }),
    );
    expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: 1000, operationId: "dumpAtmStore" });
  });

  test.each<[string, string[], string]>([
    ["not an array", ['{"a":1}'], "the body is not a JSON array"],
    ["not an array after blanks", [`${" ".repeat(80)}{"a":1}`], "the body is not a JSON array"],
    ["nothing at all", [], "the body was cut short before its closing ]"],
    ["only white space", [" ", "\n"], "the body was cut short before its closing ]"],
    ["cut before its ]", [`[${JSON.stringify(entry)}`], "the body was cut short before its closing ]"],
    ["not JSON inside", ["[{,}]"], "the body is not valid JSON"],
  ])("%s is an invalid answer that says so", async (_label, chunks, why) => {
    const error = await messageOf(chunks);
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error).toMatchObject({
      message: `GET /automation/execution/stores/st1/dump: ${why}`,
      operationId: "dumpAtmStore",
      status: 200,
    });
  });

  test("an entry exactly maxResponseBytes long is taken; one byte more is too large", async () => {
    const text = JSON.stringify(entry);
    // The first chunk holds "[" and the entry but its last byte; the entry ends in the next one.
    const chunksOf = (padding: number) => {
      const padded = JSON.stringify({ ...entry, pad: "x".repeat(padding) });
      return [`[${padded.slice(0, -1)}`, `${padded.slice(-1)}]`];
    };
    const limit = text.length + 100;
    const fits = chunksOf(limit - text.length - 9);
    expect(fits[0]!.length).toBe(limit);
    expect(await dump(fits, { maxResponseBytes: limit })).toHaveLength(1);
    const over = chunksOf(limit - text.length - 8);
    const error = await rejectionOf(dump(over, { maxResponseBytes: limit }));
    expect(error).toBeInstanceOf(OneproviderResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: limit, operationId: "dumpAtmStore" });
  });
});
