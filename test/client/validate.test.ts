import { afterEach, describe, expect, test } from "vitest";
import { createOneproviderClient, OneproviderInvalidResponseError } from "../../src/index.js";
import { validateWorkflowExecution } from "../../src/validate.js";
import { rejectionOf, sendJson, startTestServer, type TestServer } from "../support/http-server.js";
import { makeExecution, makeLane, makeLaneRun, makeParallelBox } from "../support/executions.js";
import { resolveRef, spec, type ResponseObject } from "../support/spec.js";

// The examples of the details answer: every execution the spec shows.
const detailsExamples = Object.entries(
  (spec.paths["/automation/execution/workflows/{wid}"]!.get!.responses["200"] as ResponseObject).content![
    "application/json"
  ]!.examples!,
);

describe("validateWorkflowExecution", () => {
  test("the spec shows several executions", () => {
    expect(detailsExamples.length).toBeGreaterThanOrEqual(5);
  });

  test.each(detailsExamples)("accepts the spec's example %s", (_name, example) => {
    expect(validateWorkflowExecution(resolveRef<{ value: unknown }>(example).value)).toEqual({ ok: true });
  });

  test("tolerates statuses, run types and keys it does not know", () => {
    const body = makeExecution({
      status: "hibernating",
      futureKey: 1,
      lanes: [
        makeLane([makeLaneRun({ status: "pending", runType: "replay", extra: [] })], { laneExtra: true }),
      ],
    });
    expect(validateWorkflowExecution(body)).toEqual({ ok: true });
  });

  test("lists every problem with its JSON path", () => {
    const run = makeLaneRun({ runNumber: "3", parallelBoxes: { a: makeParallelBox() } });
    delete run.isRerunable;
    const body = makeExecution({ startTime: null, lanes: [makeLane([makeLaneRun(), run])] });
    delete body.spaceId;
    const result = validateWorkflowExecution(body);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/spaceId",
        "/startTime",
        "/lanes/0/runs/1/runNumber",
        "/lanes/0/runs/1/parallelBoxes",
        "/lanes/0/runs/1/isRerunable",
      ]),
    );
  });

  test.each<[string, unknown]>([
    ["null", null],
    ["an array", []],
    ["a string", "{}"],
    ["an error envelope", { error: { id: "notFound", description: "x" } }],
  ])("rejects %s", (_label, body) => {
    expect(validateWorkflowExecution(body).ok).toBe(false);
  });
});

describe("the client with validation turned on", () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  test("an invalid body gives OneproviderInvalidResponseError with the issues", async () => {
    const body = makeExecution({ lanes: [makeLane([makeLaneRun({ parallelBoxes: {} })])] });
    server = await startTestServer((_q, r) => sendJson(r, 200, body));
    const client = createOneproviderClient({
      baseUrl: server.baseUrl,
      token: "t",
      validate: validateWorkflowExecution,
    });
    const error = await rejectionOf(client.getWorkflowExecution("wid"));
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect(error.issues).toEqual([{ path: "/lanes/0/runs/0/parallelBoxes", message: "must be array" }]);
    expect(error.message).toContain("/lanes/0/runs/0/parallelBoxes");
  });

  test("a valid body passes through", async () => {
    const body = makeExecution();
    server = await startTestServer((_q, r) => sendJson(r, 200, body));
    const client = createOneproviderClient({
      baseUrl: server.baseUrl,
      token: "t",
      validate: validateWorkflowExecution,
    });
    await expect(client.getWorkflowExecution("wid")).resolves.toEqual(body);
  });
});
