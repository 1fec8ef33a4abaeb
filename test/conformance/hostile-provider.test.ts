import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { makeExecution } from "../support/executions.js";
import { sendJson, startTestServer, type TestServer } from "../support/http-server.js";
import { runCli } from "../support/run-cli.js";

// A provider that lists ids made to hurt: one that would leave its route (".."), and ones carrying a
// terminal's control sequences, 7-bit and 8-bit. The conformance command reads neither anywhere else
// than where it was sent, and prints none of their control characters raw, in any of its outputs.
const spaceId = "hostile-space";
const retitle = "w2\u001b]0;pwned\u0007";
const csi = "w3\u009b31m";
const listed = ["..", retitle, csi];

let server: TestServer;
const scratch = mkdtempSync(join(tmpdir(), "conformance-hostile-"));
beforeAll(async () => {
  server = await startTestServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://hostile");
    const path = decodeURIComponent(url.pathname.replace("/api/v3/oneprovider", ""));
    if (path === "/configuration")
      return sendJson(response, 200, { version: "21.02.8\u001b[2J", build: "x" });
    if (path === `/spaces/${spaceId}/automation/execution/workflows` && url.searchParams.get("limit") !== "0")
      return sendJson(response, 200, {
        atmWorkflowExecutions: url.searchParams.get("phase") === "ongoing" ? listed : [],
        isLast: true,
        nextPageToken: null,
      });
    for (const wid of [retitle, csi])
      if (path === `/automation/execution/workflows/${wid}`)
        return sendJson(response, 200, makeExecution({ atmWorkflowExecutionId: `${wid}x`, spaceId }));
    return sendJson(response, 404, { error: { id: "notFound", description: "nothing here \u009b2J" } });
  });
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test("a listed '..' is drift and never read: no request leaves the route it names", async () => {
  const run = await runCli(
    ["conformance", "--space", spaceId, "--json"],
    { baseUrl: server.baseUrl, token: "t0ken-hostile" },
    [],
  );
  const report = JSON.parse(run.stdout) as {
    checks: Array<{ id: string }>;
    drift: Array<{ operationId: string; pointer: string; message: string }>;
  };
  expect(report.drift).toContainEqual(
    expect.objectContaining({
      operationId: "listWorkflowExecutions",
      pointer: "/atmWorkflowExecutions/0",
      message: '".." cannot be one path segment: not read',
    }),
  );
  expect(report.checks.map((check) => check.id)).not.toContain("details...");
  for (const request of server.requests)
    expect(new URL(request.rawUrl, "http://x").pathname).not.toMatch(/\/automation\/execution\/?$/);
});

test("its control characters are escaped in the text report, the Markdown report and the JSON", async () => {
  const file = join(scratch, "report.md");
  const provider = { baseUrl: server.baseUrl, token: "t0ken-hostile" };
  const text = await runCli(["conformance", "--space", spaceId, "--report", file], provider, []);
  const json = await runCli(["conformance", "--space", spaceId, "--json"], provider, []);
  expect(text.stdout).toContain("details.w2\\u{1b}]0;pwned\\u{07}");
  for (const output of [text.stdout, text.stderr, readFileSync(file, "utf8"), json.stdout, json.stderr])
    expect(output).not.toMatch(raw);
  // The JSON still says what came: the ids as the provider sent them.
  const checks = (JSON.parse(json.stdout) as { checks: Array<{ id: string }> }).checks.map(
    (check) => check.id,
  );
  expect(checks).toContain(`details.${retitle}`);
  expect(checks).toContain(`details.${csi}`);
});

test("an answer full of drift lists 20 items and counts the rest in a note: the report stays small", async () => {
  const wid = "wid-many";
  const bad = Array.from({ length: 5_000 }, (_, index) => ({
    index,
    timestamp: "then",
    severity: 7,
    content: 1,
  }));
  const many = await startTestServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://many").pathname.replace("/api/v3/oneprovider", "");
    if (path === "/configuration") return sendJson(response, 200, { version: "21.02.8", build: "x" });
    if (path.startsWith("/spaces/"))
      return sendJson(response, 200, { atmWorkflowExecutions: [wid], isLast: true, nextPageToken: null });
    if (path === `/automation/execution/workflows/${wid}`)
      return sendJson(
        response,
        200,
        makeExecution({ atmWorkflowExecutionId: wid, spaceId, systemAuditLogStoreId: "store-many" }),
      );
    if (path === "/automation/execution/stores/store-many/dump") return sendJson(response, 200, bad);
    return sendJson(response, 404, { error: { id: "notFound", description: "nothing here" } });
  });
  try {
    const run = await runCli(
      ["conformance", "--space", spaceId, "--json"],
      { baseUrl: many.baseUrl, token: "t0ken-many" },
      [],
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { drift: Array<{ check: string }>; notes: string[] };
    const dumpCheck = report.drift.find((each) => each.check.startsWith("dump."))!.check;
    expect(report.drift.filter((each) => each.check === dumpCheck)).toHaveLength(20);
    expect(
      report.notes.some(
        (note) =>
          note.startsWith(`${dumpCheck}: `) &&
          / \d{4,} drift items in its answer; the first 20 are listed\.$/.test(note),
      ),
    ).toBe(true);
    expect(run.stdout.length).toBeLessThan(100_000);
  } finally {
    await many.close();
  }
});
