/**
 * The client and everything that goes with it, safe in browsers and Node (nothing here imports from
 * `node:`).
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
export { createOneproviderClient } from "./client.js";
export type {
  CallOptions,
  ExecutionValidator,
  OneproviderClient,
  OneproviderClientOptions,
  ValidationResult,
} from "./client.js";
export type { WaitOptions } from "./wait.js";
export type { RetryOptions } from "./retry.js";
export type { AuthScheme, TokenSource } from "./token.js";
export type { FetchFunction } from "./http-engine.js";
export {
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "./errors.js";
export type { NetworkFailureKind, OneproviderErrorOptions, ValidationIssue } from "./errors.js";
export { LANE_RUN_STATUSES, WORKFLOW_STATUSES, isEnded, laneRunPhase, workflowPhase } from "./phases.js";
export type { Phase } from "./phases.js";
export { latestRun, preparedInAdvanceRun } from "./lanes.js";
export { summarizeExecution } from "./summary.js";
export type { ExecutionSummary, LaneSummary, RunSummary, SummaryOptions } from "./summary.js";
export { SPEC_VERSION } from "../generated/enum-values.js";
export type {
  AtmLane,
  AtmLaneRun,
  AtmLaneRunStatus,
  AtmLaneRunType,
  AtmParallelBox,
  AtmWorkflowExecution,
  AtmWorkflowExecutionStatus,
  ErrorContext,
  ErrorDetails,
  ErrorJson,
} from "./types.js";
export type { components, operations, paths } from "../generated/openapi.js";
