import { afterAll, afterEach, describe, expect, test } from "vitest";
import { startMockOneprovider } from "../../src/mock/index.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";
import { sendJson, startTestServer, type Handler, type TestServer } from "../support/http-server.js";
import { runCli } from "../support/run-cli.js";

// The tool prints what a server sends; a server may send anything.
const token = "hostile-server-test-token-0123456789";
const outputs: string[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => {
  for (const output of outputs) expect(output).not.toContain(token);
});

async function provider(handler: Handler) {
  const server = await startTestServer(handler);
  servers.push(server);
  return { baseUrl: server.baseUrl, token, server };
}

/** Escape sequences that retitle the window, clear the screen, ring the bell, reorder text. */
const hostile = "\x1b]0;pwned\x07\x1b[2J\x1b[H\r\x9b31m\u202e";
const terminalControls = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/;

const hostileExecution = makeExecution({
  atmWorkflowExecutionId: "wid-1",
  name: `nice name${hostile}`,
  status: "active",
  lanes: [makeLane([makeLaneRun({ status: `active${hostile}` })], { schemaId: `lane${hostile}` })],
});

describe("terminal control characters from the server are shown, not acted on", () => {
  test("get: readable output is free of them; --json keeps the server's JSON", async () => {
    const target = await provider((_q, response) => sendJson(response, 200, hostileExecution));
    const readable = await runCli(["get", "wid-1"], target, outputs);
    expect(readable.code).toBe(0);
    expect(readable.stdout).not.toMatch(terminalControls);
    expect(readable.stdout).toContain("nice name\\u{1b}]0;pwned\\u{07}");
    const json = await runCli(["get", "wid-1", "--json"], target, outputs);
    expect(JSON.parse(json.stdout)).toEqual(hostileExecution);
    // The same JSON, with what JSON.stringify leaves raw (C1, DEL, bidi) written as \u escapes.
    expect(json.stdout).not.toMatch(terminalControls);
    const raw = await runCli(["getWorkflowExecutionDetails", "wid=wid-1"], target, outputs);
    expect(JSON.parse(raw.stdout)).toEqual(hostileExecution);
    expect(raw.stdout).not.toMatch(terminalControls);
  });

  test("ls --long and watch (not a terminal)", async () => {
    const target = await provider((request, response) =>
      request.url!.includes("/spaces/")
        ? sendJson(response, 200, {
            atmWorkflowExecutions: [`wid-1${hostile}`],
            isLast: true,
            nextPageToken: null,
          })
        : sendJson(response, 200, { ...hostileExecution, status: "finished" }),
    );
    const ls = await runCli(["ls", "space-1"], target, outputs);
    expect(ls.stdout).not.toMatch(terminalControls);
    const long = await runCli(["ls", "space-1", "--long"], target, outputs);
    expect(long.code).toBe(0);
    expect(long.stdout).not.toMatch(terminalControls);
    expect(long.stdout).toContain("nice name");
    const watch = await runCli(["watch", "wid-1"], target, outputs);
    expect(watch.code).toBe(0);
    expect(watch.stdout).not.toMatch(terminalControls);
  });

  test("an error's description stays on one line without them, however long its blanks", async () => {
    const description = `bad${hostile}${" ".repeat(1_000_000)}\n${" ".repeat(1_000_000)}end\nof it`;
    const target = await provider((_q, response) =>
      sendJson(response, 400, { error: { id: "badValue", description } }),
    );
    const { code, stderr } = await runCli(["get", "wid-1"], target, outputs);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr.trimEnd()).not.toMatch(terminalControls);
    expect(stderr).toMatch(/end of it$/m);
  });
});

describe("watch on long runs", () => {
  test("a paused execution stops the watch with exit 7; --until ended is documented for waiting on", async () => {
    const mock = await startMockOneprovider({ clock: "manual", scenarios: ["paused"], seed: 3 });
    try {
      // Until it is paused, the watch follows it; then it stops.
      const { code, stdout, stderr } = await stepPerRequest(
        mock,
        runCli(["watch", mock.executions.paused, "--interval", "20", "--max-interval", "50"], mock, outputs),
      );
      expect(stderr).toBe("");
      expect(code).toBe(7);
      expect(stdout.trim().split("\n").at(-1)).toMatch(/paused \(suspended\)/);
      const help = await runCli(["watch", "--help"], mock, outputs);
      expect(help.stdout).toContain("--until ended");
      expect(help.stdout).toMatch(/7 +the execution stopped suspended/);
    } finally {
      await mock.close();
    }
  });

  test("rides out a provider that fails for a while, and says it is retrying", async () => {
    let polls = 0;
    const target = await provider((_q, response) => {
      polls += 1;
      // No answer at all: the attempt times out, which the client does not repeat and the wait rides out.
      if (polls === 2 || polls === 3) return;
      sendJson(
        response,
        200,
        makeExecution({ atmWorkflowExecutionId: "wid-1", status: polls < 4 ? "active" : "finished" }),
      );
    });
    const { code, stdout, stderr } = await runCli(
      ["watch", "wid-1", "--interval", "5", "--max-interval", "20", "--timeout", "50"],
      target,
      outputs,
    );
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").at(-1)).toMatch(/finished \(ended\)/);
    const notices = stderr.trim().split("\n");
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/retrying in \d+(\.\d)? s \(failure 1 in a row\).*timed out/);
    expect(notices[1]).toMatch(/failure 2 in a row/);
  });

  test("--max-failures bounds it; 403 ends it at once", async () => {
    // Never an answer: each poll is one attempt that times out.
    const down = await provider(() => undefined);
    const bounded = await runCli(
      ["watch", "wid-1", "--interval", "5", "--max-interval", "10", "--max-failures", "2", "--timeout", "50"],
      down,
      outputs,
    );
    expect(bounded.code).toBe(3);
    // At most one request per poll reaches the server (on a loaded machine a poll can time out
    // before its request arrives); the tool counts its polls itself, and says it gave up.
    expect(down.server.requests.length).toBeLessThanOrEqual(3);
    expect(bounded.stderr.trim().split("\n").at(-1)).toMatch(
      /^oneprovider-atm: gave up after 3 failed polls in a row; the last: GET .*timed out/,
    );
    // Left for hours, a watch allows ten in a row by default (the library five).
    const byDefault = await provider(() => undefined);
    const unbounded = await runCli(
      ["watch", "wid-1", "--interval", "1", "--max-interval", "2", "--timeout", "50"],
      byDefault,
      outputs,
    );
    expect(unbounded.code).toBe(3);
    expect(unbounded.stderr.trim().split("\n").at(-1)).toMatch(
      /^oneprovider-atm: gave up after 11 failed polls in a row;/,
    );
    expect(byDefault.server.requests.length).toBeLessThanOrEqual(11);
    const forbidden = await provider((_q, response) =>
      sendJson(response, 403, { error: { id: "forbidden", description: "no" } }),
    );
    const ended = await runCli(["watch", "wid-1", "--interval", "5"], forbidden, outputs);
    expect(ended.code).toBe(1);
    expect(forbidden.server.requests).toHaveLength(1);
    expect(ended.stderr).not.toContain("retrying");
  });

  test.each([
    ["--until", "never"],
    ["--max-failures", "-1"],
  ])("%s %s is a usage error", async (flag, value) => {
    const target = await provider((_q, response) => sendJson(response, 200, hostileExecution));
    const { code, stderr } = await runCli(["watch", "wid-1", flag, value], target, outputs);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
  });
});

describe("logs and severities this version does not know", () => {
  test("an unknown severity is shown whatever --level, and --json keeps every entry as sent", async () => {
    const entries = [
      { index: "0", timestamp: 1764241200000, severity: "debug", content: { description: "quiet" } },
      { index: "1", timestamp: 1764241201000, severity: "trace", content: { description: "newer kind" } },
      { index: "2", timestamp: 1764241202000, severity: "error", content: { description: "it failed" } },
      { index: "3", timestamp: 1764241203000, severity: "notice", content: { description: `odd${hostile}` } },
    ];
    const target = await provider((request, response) => {
      if (request.url?.includes("/stores/")) return sendJson(response, 200, entries);
      sendJson(
        response,
        200,
        makeExecution({
          atmWorkflowExecutionId: "wid-1",
          status: "failed",
          systemAuditLogStoreId: "store-1",
        }),
      );
    });
    const errors = await runCli(["logs", "wid-1", "--level", "error"], target, outputs);
    expect(errors.code).toBe(0);
    expect(errors.stdout).toMatch(/ trace +newer kind\n/);
    expect(errors.stdout).toMatch(/ error +it failed\n/);
    expect(errors.stdout).not.toContain("quiet");
    const json = await runCli(["logs", "wid-1", "--json"], target, outputs);
    expect(
      json.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(entries);
    expect(json.stdout).not.toMatch(terminalControls);
  });
});
