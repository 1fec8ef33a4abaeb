import { afterAll, beforeAll, expect, test } from "vitest";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";
import { sendJson, startTestServer, type TestServer } from "../support/http-server.js";
import { runCli } from "../support/run-cli.js";

// A provider that answers the way Onedata's public Swagger page describes it, not the way the server
// really does: each of those four differences must come out as drift, with its pointer.
const spaceId = "swagger-space";
const execution = makeExecution({
  spaceId,
  status: "enqueued",
  lanes: [makeLane([makeLaneRun({ parallelBoxes: { "pbox-1": { schemaId: "pbox-1", taskRegistry: {} } } })])],
});
const wid = execution.atmWorkflowExecutionId as string;
/** The obsolete flat error body the public page documents. */
const oldError = (status: number, text: string) => ({ error: text, error_description: `${status}: ${text}` });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://swagger");
    const path = url.pathname.replace("/api/v3/oneprovider", "");
    if (path === "/configuration") return sendJson(response, 200, { version: "21.02.5", build: "swagger" });
    if (path === `/spaces/${spaceId}/automation/execution/workflows` && url.searchParams.get("limit") !== "0")
      // A page the way the public example shows it: no nextPageToken at all.
      return sendJson(response, 200, {
        atmWorkflowExecutions: url.searchParams.get("phase") === "ongoing" ? [wid] : [],
        isLast: true,
      });
    if (path === `/automation/execution/workflows/${wid}`) return sendJson(response, 200, execution);
    return sendJson(response, 404, oldError(404, "not found"));
  });
});
afterAll(() => server.close());

test("the public Swagger's provider drifts where the page is wrong, each with its pointer", async () => {
  const outputs: string[] = [];
  const run = await runCli(
    ["conformance", "--space", spaceId, "--json"],
    { baseUrl: server.baseUrl, token: "swagger-token" },
    outputs,
  );
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as {
    provider: { version: string; build: string };
    checks: Array<{ id: string; ok: boolean }>;
    drift: Array<{ operationId: string; status: number; pointer: string; message: string }>;
    additions: Array<{ operationId: string; pointer: string }>;
  };
  expect(report.provider).toEqual({ version: "21.02.5", build: "swagger" });
  const at = (operationId: string, pointer: string) =>
    report.drift.filter((each) => each.operationId === operationId && each.pointer === pointer);
  // parallelBoxes as an object
  expect(at("getWorkflowExecutionDetails", "/lanes/0/runs/0/parallelBoxes")).toEqual([
    expect.objectContaining({ status: 200, message: "must be array" }),
  ]);
  // a workflow status the server never sends
  expect(at("getWorkflowExecutionDetails", "/status")[0]?.message).toMatch(
    /^is not one of the values the spec names/,
  );
  // the old {error, error_description} body
  expect(at("getWorkflowExecutionDetails", "/error")).toContainEqual(
    expect.objectContaining({ status: 404, message: "must be object" }),
  );
  expect(report.additions).toContainEqual(expect.objectContaining({ pointer: "/error_description" }));
  // a list page without nextPageToken
  expect(at("listWorkflowExecutions", "/nextPageToken")).toContainEqual(
    expect.objectContaining({ status: 200, message: "is missing" }),
  );
  // a probe answered otherwise than the server's order of checks predicts
  expect(at("listWorkflowExecutions", "")).toContainEqual(
    expect.objectContaining({ status: 404, message: "status 404; expected 400" }),
  );
  expect(run.stderr).toMatch(/^conformance: \d+\/\d+ checks as the spec says \(21\.02\.5\)\n$/);
  expect(report.checks.find((check) => check.id === "provider.configuration")?.ok).toBe(true);
});

test("the terminal report shows each drifting check with what was expected, what came back, and where", async () => {
  const run = await runCli(
    ["conformance", "--space", spaceId],
    { baseUrl: server.baseUrl, token: "swagger-token" },
    [],
  );
  expect(run.code).toBe(1);
  const lines = run.stdout.split("\n");
  const details = lines.findIndex((line) =>
    line.startsWith(`DRIFT  details.${wid}  (getWorkflowExecutionDetails)`),
  );
  expect(details).toBeGreaterThan(0);
  expect(lines.slice(details + 1, details + 8)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^ {9}expected: 200 with the execution/),
      expect.stringMatching(/^ {9}observed: 200 application\/json: \{"atmWorkflowExecutionId"/),
      "         /lanes/0/runs/0/parallelBoxes: must be array",
    ]),
  );
  expect(lines).toContain("  getWorkflowExecutionDetails 404 /error_description");
  expect(lines.at(-2)).toMatch(/^conformance: \d+\/\d+ checks as the spec says \(21\.02\.5\)$/);
});
