import { describe, expect, test } from "vitest";
import { spec } from "../support/spec.js";

// The status sets of shared/onedata-api.md ("Statuses and phases"), established from the server's
// source. They are written out here, in the test, as the independent reference the spec is held to.
const serverWorkflowStatuses = [
  "resuming",
  "scheduled",
  "active",
  "stopping",
  "interrupted",
  "paused",
  "finished",
  "crashed",
  "cancelled",
  "failed",
];
const serverLaneRunStatuses = [
  "resuming",
  "scheduled",
  "preparing",
  "enqueued",
  "active",
  "stopping",
  "interrupted",
  "paused",
  "finished",
  "crashed",
  "cancelled",
  "failed",
];

describe("status sets in openapi.yaml", () => {
  test("the workflow status is exactly the server's 10 values", () => {
    const values = spec.components.schemas.AtmWorkflowExecutionStatus?.enum;
    expect(values).toHaveLength(10);
    expect([...(values ?? [])].sort()).toEqual([...serverWorkflowStatuses].sort());
  });

  test("the lane run status is exactly the server's 12 values", () => {
    const values = spec.components.schemas.AtmLaneRunStatus?.enum;
    expect(values).toHaveLength(12);
    expect([...(values ?? [])].sort()).toEqual([...serverLaneRunStatuses].sort());
  });

  test("retired values of the public page are absent", () => {
    expect(spec.components.schemas.AtmWorkflowExecutionStatus?.enum).not.toContain("enqueued");
    expect(spec.components.schemas.AtmLaneRunStatus?.enum).not.toContain("pending");
  });

  test("the run type is regular, rerun or retry", () => {
    expect(spec.components.schemas.AtmLaneRunType?.enum).toEqual(["regular", "rerun", "retry"]);
  });

  test.each(["AtmWorkflowExecutionStatus", "AtmLaneRunStatus", "AtmLaneRunType"])(
    "%s is marked extensible, so clients accept values they do not know",
    (name) => {
      expect(spec.components.schemas[name]?.["x-extensible-enum"]).toBe(true);
    },
  );
});
