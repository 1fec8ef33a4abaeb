import { describe, expect, test } from "vitest";
import { schemaValidator, spec } from "../support/spec.js";
import {
  makeExecution,
  makeLane,
  makeLaneRun,
  makeParallelBox,
  type JsonObject,
} from "../support/executions.js";

const validateExecution = schemaValidator("AtmWorkflowExecutionDetails");
const validateError = schemaValidator("ErrorResponse");
const workflowStatuses = spec.components.schemas.AtmWorkflowExecutionStatus!.enum!;
const laneRunStatuses = spec.components.schemas.AtmLaneRunStatus!.enum!;

function expectValid(body: unknown) {
  const ok = validateExecution(body);
  expect(validateExecution.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}
/** Asserts rejection, and that the validator points at the expected place. */
function expectRejected(body: unknown, instancePath: string) {
  expect(validateExecution(body)).toBe(false);
  expect(validateExecution.errors?.map((error) => error.instancePath)).toContain(instancePath);
}

describe("a corpus of realistic bodies is accepted", () => {
  test("a run prepared in advance, before anything is known about it", () => {
    expectValid(
      makeExecution({
        lanes: [
          makeLane([
            makeLaneRun({
              runNumber: null,
              status: "preparing",
              iteratedStoreId: null,
              exceptionStoreId: null,
              parallelBoxes: [],
            }),
          ]),
        ],
      }),
    );
  });

  test("every nullable field as null at once", () => {
    expectValid(
      makeExecution({
        systemAuditLogStoreId: null,
        lanes: [
          makeLane([
            makeLaneRun({
              runNumber: null,
              originRunNumber: null,
              iteratedStoreId: null,
              exceptionStoreId: null,
            }),
          ]),
        ],
      }),
    );
  });

  test.each(workflowStatuses)("workflow status %s", (status) => expectValid(makeExecution({ status })));
  test.each(laneRunStatuses)("lane run status %s", (status) =>
    expectValid(makeExecution({ lanes: [makeLane([makeLaneRun({ status })])] })),
  );

  test.each(["regular", "rerun", "retry"])("run type %s", (runType) =>
    expectValid(
      makeExecution({
        lanes: [
          makeLane([
            makeLaneRun({ runNumber: 2, originRunNumber: runType === "regular" ? null : 1, runType }),
          ]),
        ],
      }),
    ),
  );

  test("lanes not reached yet, empty registries, empty task registries", () => {
    expectValid(
      makeExecution({
        lambdaSnapshotRegistry: {},
        storeRegistry: {},
        lanes: [
          makeLane([makeLaneRun({ parallelBoxes: [makeParallelBox({ taskRegistry: {} })] })]),
          makeLane([]),
          makeLane([]),
        ],
      }),
    );
  });

  test("many lanes with many runs, newest first, with gaps in run numbers", () => {
    const lanes = Array.from({ length: 200 }, (_, lane) =>
      makeLane(
        Array.from({ length: 10 }, (_, index) =>
          makeLaneRun({
            runNumber: 2 * (10 - index) + (lane % 2),
            status: index === 0 ? "active" : "finished",
          }),
        ),
      ),
    );
    expectValid(makeExecution({ lanes }));
  });

  test("legacy and unusual ids are opaque strings", () => {
    expectValid(
      makeExecution({ atmWorkflowExecutionId: "legacy id/with odd chars?", spaceId: "", userId: "ü" }),
    );
  });

  test("an extra key a newer server may add is tolerated", () => {
    expectValid(makeExecution({ someFutureKey: { nested: true } }));
  });
});

describe("bodies the server never sends are rejected", () => {
  const requiredExecutionKeys = spec.components.schemas.AtmWorkflowExecutionDetails!.required as string[];
  const requiredRunKeys = spec.components.schemas.AtmWorkflowExecutionLaneRunDetails!.required as string[];

  test("the execution requires all 15 keys, the lane run all 9", () => {
    expect(requiredExecutionKeys).toHaveLength(15);
    expect(requiredRunKeys).toHaveLength(9);
  });

  test.each(requiredExecutionKeys)("an execution without %s", (key) => {
    const body = makeExecution();
    delete body[key];
    expectRejected(body, "");
  });

  test.each(requiredRunKeys)("a lane run without %s", (key) => {
    const run = makeLaneRun();
    delete run[key];
    expectRejected(makeExecution({ lanes: [makeLane([run])] }), "/lanes/0/runs/0");
  });

  test.each<[string, JsonObject, string]>([
    ["status as a number", { status: 5 }, "/status"],
    ["a retired workflow status", { status: "enqueued" }, "/status"],
    ["a time as null", { startTime: null }, "/startTime"],
    ["a time in milliseconds as a string", { finishTime: "1764241200000" }, "/finishTime"],
    ["a negative time", { scheduleTime: -1 }, "/scheduleTime"],
    ["a registry value that is not a string", { storeRegistry: { a: 1 } }, "/storeRegistry/a"],
    ["lanes as null", { lanes: null }, "/lanes"],
    ["no lanes at all", { lanes: [] }, "/lanes"],
    ["a name as null", { name: null }, "/name"],
  ])("%s", (_label, overrides, path) => expectRejected(makeExecution(overrides), path));

  test.each<[string, JsonObject, string]>([
    [
      "parallelBoxes as an object (the public page's bug)",
      { parallelBoxes: { "pbox-a": makeParallelBox() } },
      "/parallelBoxes",
    ],
    ["runNumber as a string", { runNumber: "1" }, "/runNumber"],
    ["runNumber 0", { runNumber: 0 }, "/runNumber"],
    ["isRetriable as a string", { isRetriable: "false" }, "/isRetriable"],
    ["a retired lane run status", { status: "pending" }, "/status"],
    ["an unknown run type", { runType: "replay" }, "/runType"],
    [
      "a task registry value that is not a string",
      { parallelBoxes: [makeParallelBox({ taskRegistry: { t: null } })] },
      "/parallelBoxes/0/taskRegistry/t",
    ],
  ])("a lane run with %s", (_label, overrides, path) =>
    expectRejected(makeExecution({ lanes: [makeLane([makeLaneRun(overrides)])] }), "/lanes/0/runs/0" + path),
  );

  test("a lane without runs", () => {
    expectRejected(makeExecution({ lanes: [{ schemaId: "lane" }] }), "/lanes/0");
  });
});

describe("error bodies", () => {
  test("the envelope, with and without details and ctx, and a ctx of nulls and unknown keys", () => {
    for (const error of [
      { id: "notFound", description: "The resource could not be found." },
      { id: "unauthorized", description: "…", details: { authError: { id: "badToken", description: "…" } } },
      { id: "forbidden", description: "…", ctx: null },
      { id: "forbidden", description: "…", ctx: { timestamp: null, service: null, somethingNew: [1, 2] } },
    ]) {
      expect(validateError({ error })).toBe(true);
    }
  });

  test.each<[string, unknown]>([
    ["the legacy flat form of the public page", { error: "not_found", error_description: "Not found" }],
    ["an error without id", { error: { description: "…" } }],
    [
      "a nested authError without description",
      { error: { id: "unauthorized", description: "…", details: { authError: { id: "badToken" } } } },
    ],
    ["a ctx that is a string", { error: { id: "x", description: "…", ctx: "op_worker" } }],
  ])("%s is rejected", (_label, body) => {
    expect(validateError(body)).toBe(false);
  });
});
