import type { LaneRunRef } from "../execution/allowed-actions.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";
import { checkPositiveInteger } from "./schedule.js";

// Each action resolves when the server has answered 204; what is already true then, and what
// follows later, is the server's state machine (see the spec of each operation).

type Action = "cancel" | "pause" | "resume" | "force_continue";

function act(core: ClientCore, action: Action, wid: string, call: CallOptions): Promise<void> {
  return callOperation(
    core,
    "post",
    `/automation/execution/workflows/{wid}/${action}`,
    { path: { wid } },
    { ...call, wid },
  );
}

export const cancelWorkflowExecution = (core: ClientCore, wid: string, call: CallOptions = {}) =>
  act(core, "cancel", wid, call);
export const pauseWorkflowExecution = (core: ClientCore, wid: string, call: CallOptions = {}) =>
  act(core, "pause", wid, call);
export const resumeWorkflowExecution = (core: ClientCore, wid: string, call: CallOptions = {}) =>
  act(core, "resume", wid, call);
export const forceContinueWorkflowExecution = (core: ClientCore, wid: string, call: CallOptions = {}) =>
  act(core, "force_continue", wid, call);

export function deleteWorkflowExecution(
  core: ClientCore,
  wid: string,
  call: CallOptions = {},
): Promise<void> {
  return callOperation(
    core,
    "delete",
    "/automation/execution/workflows/{wid}",
    { path: { wid } },
    { ...call, wid },
  );
}

function repeat(core: ClientCore, how: "retry" | "rerun", wid: string, run: LaneRunRef, call: CallOptions) {
  checkPositiveInteger(run?.laneIndex, "laneIndex");
  checkPositiveInteger(run.laneRunNumber, "laneRunNumber");
  const body = { laneIndex: run.laneIndex, laneRunNumber: run.laneRunNumber };
  return callOperation(
    core,
    "post",
    `/automation/execution/workflows/{wid}/${how}`,
    { path: { wid }, body },
    { ...call, wid },
  );
}

export const retryWorkflowExecution = (
  core: ClientCore,
  wid: string,
  run: LaneRunRef,
  call: CallOptions = {},
) => repeat(core, "retry", wid, run, call);
export const rerunWorkflowExecution = (
  core: ClientCore,
  wid: string,
  run: LaneRunRef,
  call: CallOptions = {},
) => repeat(core, "rerun", wid, run, call);
