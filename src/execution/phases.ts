import {
  ATM_LANE_RUN_STATUS_PHASES,
  ATM_LANE_RUN_STATUS_VALUES,
  ATM_WORKFLOW_EXECUTION_STATUS_PHASES,
  ATM_WORKFLOW_EXECUTION_STATUS_VALUES,
} from "../../generated/enum-values.js";
import type { AtmLaneRunStatus, AtmWorkflowExecution, AtmWorkflowExecutionStatus } from "./types.js";

/** The 10 workflow statuses known to this version of the spec (generated from openapi.yaml). */
export const WORKFLOW_STATUSES = ATM_WORKFLOW_EXECUTION_STATUS_VALUES;
/** The 12 lane run statuses known to this version of the spec (generated from openapi.yaml). */
export const LANE_RUN_STATUSES = ATM_LANE_RUN_STATUS_VALUES;

/**
 * Where a status stands. `"unknown"` is a status this version does not know (older or newer servers
 * have others): a consumer should show it, never crash on it.
 */
export type Phase = "waiting" | "ongoing" | "suspended" | "ended" | "unknown";

// Phases come from the spec's `x-phases`, generated: no status is named by hand here. Plain lookups
// (no Map built at load time), so that a bundle that never asks a lane run's phase drops its table.
const phaseIn = (table: Record<string, Phase>, status: string): Phase =>
  Object.hasOwn(table, status) ? table[status]! : "unknown";

/** The phase of a workflow execution's status; `"unknown"` for a status this version does not know. */
export function workflowPhase(status: AtmWorkflowExecutionStatus): Phase {
  return phaseIn(ATM_WORKFLOW_EXECUTION_STATUS_PHASES, status);
}

/** The phase of a lane run's status; `"unknown"` for a status this version does not know. */
export function laneRunPhase(status: AtmLaneRunStatus): Phase {
  return phaseIn(ATM_LANE_RUN_STATUS_PHASES, status);
}

/**
 * Whether an execution (or a workflow status) is in the ended phase **now**. Ended is not final: a
 * `failed` execution can be force-continued, and any ended one but `crashed` can be retried or rerun,
 * after which it is `scheduled` or `resuming` again.
 */
export function isEnded(
  executionOrStatus: Pick<AtmWorkflowExecution, "status"> | AtmWorkflowExecutionStatus,
): boolean {
  const status = typeof executionOrStatus === "string" ? executionOrStatus : executionOrStatus?.status;
  // workflowPhase of what is not a status is "unknown".
  return workflowPhase(status) === "ended";
}
