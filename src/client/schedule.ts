import type { Schema } from "../../generated/operations.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";

/** What to schedule, as the spec describes the body. */
export interface ScheduleRequest extends Schema<"AtmWorkflowExecutionScheduleRequest"> {}
export interface ScheduleResponse extends Schema<"AtmWorkflowExecutionScheduleResponse"> {}

/**
 * Schedules an execution; resolves with its id (from the body: the server's `Location` header is
 * malformed). The execution starts `scheduled`, in the `waiting` phase.
 */
export function scheduleWorkflowExecution(
  core: ClientCore,
  request: ScheduleRequest,
  call: CallOptions = {},
): Promise<ScheduleResponse> {
  return callOperation(core, "scheduleWorkflowExecution", { body: request }, call);
}
