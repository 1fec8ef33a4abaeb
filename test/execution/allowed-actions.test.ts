import { describe, expect, test } from "vitest";
import { allowedActions, OneproviderUsageError, type AtmWorkflowExecution } from "../../src/index.js";
import { makeExecution, makeLane, makeLaneRun, type Json } from "../support/executions.js";

/** An execution of three lanes whose lane 2 holds the runs given (lane 1 finished run 1). */
function executionWith(status: string, lane2Runs: Json[], lane3Runs: Json[] = []) {
  return makeExecution({
    status,
    lanes: [
      makeLane([makeLaneRun({ runNumber: 1, status: "finished", isRerunable: status !== "crashed" })]),
      makeLane(lane2Runs),
      makeLane(lane3Runs),
    ],
  }) as unknown as AtmWorkflowExecution;
}
const run = (
  runNumber: number | null,
  status: string,
  flags: { retriable?: boolean; rerunable?: boolean } = {},
) =>
  makeLaneRun({
    runNumber,
    status,
    isRetriable: flags.retriable ?? false,
    isRerunable: flags.rerunable ?? false,
  });

// The action × status matrix of the server (onedata-actions §8), one row per situation.
const rows: Array<[string, AtmWorkflowExecution, Partial<ReturnType<typeof allowedActions>>]> = [
  [
    "scheduled",
    executionWith("scheduled", [run(1, "scheduled")]),
    { cancel: true, pause: true, resume: false, forceContinue: false, delete: false },
  ],
  [
    "resuming",
    executionWith("resuming", [run(1, "resuming")]),
    { cancel: true, pause: true, resume: false, delete: false },
  ],
  [
    "active",
    executionWith("active", [run(1, "active")], [run(null, "enqueued")]),
    { cancel: true, pause: true, resume: false, forceContinue: false, delete: false },
  ],
  [
    "stopping, current run still stopping",
    executionWith("stopping", [run(1, "stopping")]),
    { cancel: true, pause: true, delete: false },
  ],
  [
    "stopping, current run already ended",
    executionWith("stopping", [run(1, "failed")]),
    { cancel: false, pause: false, delete: false },
  ],
  [
    "paused",
    executionWith("paused", [run(1, "paused")]),
    { cancel: true, pause: false, resume: true, forceContinue: false, delete: true },
  ],
  [
    "interrupted",
    executionWith("interrupted", [run(1, "interrupted")]),
    { cancel: true, pause: false, resume: true, delete: true },
  ],
  [
    "finished",
    executionWith(
      "finished",
      [run(1, "finished", { rerunable: true })],
      [run(1, "finished", { rerunable: true })],
    ),
    {
      cancel: false,
      pause: false,
      resume: false,
      forceContinue: false,
      delete: true,
      retry: [],
      rerun: [
        { laneIndex: 1, laneRunNumber: 1 },
        { laneIndex: 2, laneRunNumber: 1 },
        { laneIndex: 3, laneRunNumber: 1 },
      ],
    },
  ],
  [
    "failed on lane 2 of 3",
    executionWith("failed", [run(1, "failed", { retriable: true, rerunable: true })]),
    {
      cancel: false,
      pause: false,
      resume: false,
      forceContinue: true,
      delete: true,
      retry: [{ laneIndex: 2, laneRunNumber: 1 }],
    },
  ],
  [
    "failed on the last lane",
    executionWith(
      "failed",
      [run(1, "finished", { rerunable: true })],
      [run(1, "failed", { rerunable: true })],
    ),
    { forceContinue: false, retry: [] },
  ],
  [
    "cancelled",
    executionWith("cancelled", [run(1, "cancelled", { rerunable: true })]),
    { cancel: false, forceContinue: false, delete: true, retry: [] },
  ],
  [
    "crashed: nothing can be repeated, whatever the flags say",
    executionWith("crashed", [run(1, "crashed", { retriable: true, rerunable: true })]),
    { cancel: false, pause: false, resume: false, forceContinue: false, delete: true, retry: [], rerun: [] },
  ],
  [
    "a status this version does not know",
    executionWith("hibernating", [run(1, "active")]),
    { cancel: false, pause: false, resume: false, forceContinue: false, delete: false, retry: [], rerun: [] },
  ],
];

describe("allowedActions follows the server's action × status matrix", () => {
  test.each(rows)("%s", (_label, execution, expected) => {
    expect(allowedActions(execution)).toMatchObject(expected);
  });

  test("runs prepared in advance are never offered for a repeat", () => {
    const execution = executionWith(
      "failed",
      [run(1, "failed", { retriable: true })],
      [run(null, "interrupted", { retriable: true, rerunable: true })],
    );
    expect(allowedActions(execution).retry).toEqual([{ laneIndex: 2, laneRunNumber: 1 }]);
  });

  test("not an execution: a typed usage error", () => {
    expect(() => allowedActions(null as never)).toThrow(OneproviderUsageError);
    expect(() => allowedActions({ status: "active" } as never)).toThrow(OneproviderUsageError);
  });
});
