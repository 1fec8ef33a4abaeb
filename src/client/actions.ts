import type { LaneRunRef } from "../execution/allowed-actions.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";
import { checkPositiveInteger } from "./schedule.js";

// Each action resolves when the server has answered 204; what is already true then, and what
// follows later, is the server's state machine (see the spec of each operation).

type OnExecution =
  | "cancelWorkflowExecution"
  | "pauseWorkflowExecution"
  | "resumeWorkflowExecution"
  | "forceContinueWorkflowExecution"
  | "deleteWorkflowExecution";

/** An action that takes only the execution's id. */
export const actOn =
  (operationId: OnExecution) =>
  (core: ClientCore, wid: string, call: CallOptions = {}): Promise<void> =>
    callOperation(core, operationId, { path: { wid } }, call);

/** A retry or rerun of one lane run. */
export const repeatRun =
  (operationId: "retryWorkflowExecution" | "rerunWorkflowExecution") =>
  (core: ClientCore, wid: string, run: LaneRunRef, call: CallOptions = {}): Promise<void> => {
    checkPositiveInteger(run?.laneIndex, "laneIndex");
    checkPositiveInteger(run.laneRunNumber, "laneRunNumber");
    const body = { laneIndex: run.laneIndex, laneRunNumber: run.laneRunNumber };
    return callOperation(core, operationId, { path: { wid }, body }, call);
  };
