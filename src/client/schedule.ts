import type { components } from "../../generated/openapi.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";

/** What to schedule, as the spec describes the body. */
export type ScheduleRequest = components["schemas"]["AtmWorkflowExecutionScheduleRequest"];
export type ScheduleResponse = components["schemas"]["AtmWorkflowExecutionScheduleResponse"];

/**
 * Schedules an execution; resolves with its id (from the body: the server's `Location` header is
 * malformed). The execution starts `scheduled`, in the `waiting` phase.
 */
export function scheduleWorkflowExecution(
  core: ClientCore,
  request: ScheduleRequest,
  call: CallOptions = {},
): Promise<ScheduleResponse> {
  if (typeof request !== "object" || request === null)
    throw new OneproviderUsageError(
      "scheduleWorkflowExecution needs { spaceId, atmWorkflowSchemaId, atmWorkflowSchemaRevisionNumber }",
    );
  for (const key of ["spaceId", "atmWorkflowSchemaId"] as const)
    if (typeof request[key] !== "string" || request[key] === "")
      throw new OneproviderUsageError(`${key} must be a non-empty string`);
  checkPositiveInteger(request.atmWorkflowSchemaRevisionNumber, "atmWorkflowSchemaRevisionNumber");
  return callOperation(core, "scheduleWorkflowExecution", { body: request }, call);
}

/** A number the server takes as an integer of at least 1. */
export function checkPositiveInteger(value: unknown, name: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1)
    throw new OneproviderUsageError(`${name} must be an integer of at least 1`);
}
