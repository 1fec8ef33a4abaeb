import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  isEnded,
  LANE_RUN_STATUSES,
  laneRunPhase,
  WORKFLOW_STATUSES,
  workflowPhase,
} from "../../src/index.js";
import { spec } from "../support/spec.js";

describe("status lists and phases", () => {
  test("the exported status lists equal the spec's enums", () => {
    expect([...WORKFLOW_STATUSES]).toEqual(spec.components.schemas.AtmWorkflowExecutionStatus!.enum);
    expect([...LANE_RUN_STATUSES]).toEqual(spec.components.schemas.AtmLaneRunStatus!.enum);
  });

  // The phase table of shared/onedata-api.md, written out as the independent reference.
  test.each([
    ["resuming", "waiting"],
    ["scheduled", "waiting"],
    ["active", "ongoing"],
    ["stopping", "ongoing"],
    ["interrupted", "suspended"],
    ["paused", "suspended"],
    ["finished", "ended"],
    ["crashed", "ended"],
    ["cancelled", "ended"],
    ["failed", "ended"],
  ])("workflow %s is %s", (status, phase) => {
    expect(workflowPhase(status)).toBe(phase);
    expect(laneRunPhase(status)).toBe(phase);
  });

  test("preparing and enqueued are waiting lane runs, and unknown at the workflow level", () => {
    expect(laneRunPhase("preparing")).toBe("waiting");
    expect(laneRunPhase("enqueued")).toBe("waiting");
    expect(workflowPhase("enqueued")).toBe("unknown");
  });

  test("retired and future statuses are unknown, never an exception", () => {
    for (const status of [
      "pending",
      "skipped",
      "aborting",
      "",
      "ACTIVE",
      "toString",
      "__proto__",
      "constructor",
    ]) {
      expect(workflowPhase(status)).toBe("unknown");
      expect(laneRunPhase(status)).toBe("unknown");
      expect(isEnded(status)).toBe(false);
    }
    fc.assert(
      fc.property(fc.string(), (status) => {
        expect(["waiting", "ongoing", "suspended", "ended", "unknown"]).toContain(workflowPhase(status));
      }),
    );
  });

  test("isEnded takes a status or an execution", () => {
    expect(isEnded("failed")).toBe(true);
    expect(isEnded({ status: "crashed" })).toBe(true);
    expect(isEnded({ status: "paused" })).toBe(false);
    expect(isEnded("resuming")).toBe(false);
  });
});
