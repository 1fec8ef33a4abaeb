/**
 * The client and everything that goes with it, safe in browsers and Node (nothing here imports from
 * `node:`).
 *
 * Call {@link createOneproviderClient} first: its {@link OneproviderClient} reads, lists, schedules,
 * waits for and acts on executions, and {@link OneproviderClient.call} calls any operation by its id.
 *
 * - {@link createOneproviderClient} makes a client: host or base URL, token, timeouts, retries.
 * - Its errors are all {@link OneproviderError}s; an HTTP error answer is an {@link OneproviderApiError}
 *   carrying the Onedata error id.
 * - Helpers on execution data: {@link workflowPhase}, {@link latestRun}, {@link summarizeExecution}, and
 *   the status lists generated from the spec.
 * - The types of what the server sends, generated from `openapi.yaml`.
 *
 * @module oneprovider-atm-client
 */
export { createOneproviderClient } from "./client/create-client.js";
export type { OneproviderClient } from "./client/create-client.js";
export type { CallOptions, OperationInput, OperationResult } from "./client/operation.js";
export type { ActionMethods, OperationId, Schema } from "../generated/operations.js";
export type { CallArguments } from "./client/create-client.js";
export { getProviderConfiguration } from "./client/provider-configuration.js";
export type { ProviderConfiguration } from "./client/provider-configuration.js";
export type {
  AtmWorkflowExecutionList,
  AtmWorkflowExecutionPhase,
  IterateOptions,
  ListOptions,
} from "./client/list.js";
export type { ScheduleRequest, ScheduleResponse } from "./client/schedule.js";
export type { ExecutionValidator, OneproviderClientOptions, ValidationResult } from "./client/options.js";
export type { WaitOptions } from "./client/wait.js";
export type { RetryOptions } from "./transport/retry.js";
export type { AuthScheme, TokenRequest, TokenSource } from "./transport/token.js";
export type { HeadersContext, HeadersSource } from "./transport/request-headers.js";
export type { FetchFunction } from "./transport/http-engine.js";
export type { AttemptErrorEvent, Hooks, RequestEvent, ResponseEvent, RetryEvent } from "./transport/hooks.js";
export {
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderResponseTooLargeError,
  OneproviderTimeoutError,
  OneproviderUsageError,
  isOneproviderApiError,
  isOneproviderError,
} from "./errors/error-classes.js";
export type { NetworkFailureKind, OneproviderErrorOptions, ValidationIssue } from "./errors/error-classes.js";
export type { ErrorContext, ErrorDetails, ErrorId, ErrorJson } from "./errors/error-body.js";
export {
  LANE_RUN_STATUSES,
  WORKFLOW_STATUSES,
  isEnded,
  laneRunPhase,
  workflowPhase,
} from "./execution/phases.js";
export type { Phase } from "./execution/phases.js";
export { latestRun, preparedInAdvanceRun } from "./execution/lanes.js";
export { summarizeExecution } from "./execution/summary.js";
export { allowedActions } from "./execution/allowed-actions.js";
export type { AllowedActions, LaneRunRef } from "./execution/allowed-actions.js";
export type { ExecutionSummary, LaneSummary, RunSummary, SummaryOptions } from "./execution/summary.js";
export { SPEC_RELEASES, SPEC_VERSION } from "../generated/enum-values.js";
export type {
  AtmLane,
  AtmLaneRun,
  AtmLaneRunStatus,
  AtmLaneRunType,
  AtmParallelBox,
  AtmWorkflowExecution,
  AtmWorkflowExecutionStatus,
  AuditLogEntry,
  AuditLogSeverity,
} from "./execution/types.js";
export type { components, operations, paths } from "../generated/openapi.js";
