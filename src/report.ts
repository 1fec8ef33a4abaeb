/**
 * A picture of one workflow execution that people can share: {@link renderExecutionReport} makes one
 * HTML file with no script and no request (it opens from disk, in a mail client, or printed), every
 * server string escaped, and the API's answers embedded so that the file is also the recording.
 * {@link collectExecutionReport} reads what it needs from a provider. Pure and browser-safe: the
 * renderer reads and writes nothing.
 *
 * @module oneprovider-atm-client/report
 */
export { readExecutionReport, renderExecutionReport, reportChunks, REPORT_DATA_ID } from "./report/render.js";
export type { ExecutionReportInput } from "./report/render.js";
export { collectExecutionReport, type CollectOptions } from "./report/collect.js";
export { redactReport, type RedactedReport } from "./report/redact.js";
export type { AtmWorkflowExecution, AuditLogEntry } from "./execution/types.js";
export type { ProviderConfiguration } from "./client/provider-configuration.js";
export type { CallArguments, OneproviderClient } from "./client/create-client.js";
export type { ActionMethods, OperationId, Schema } from "../generated/operations.js";
export type { OperationInput, OperationResult, CallOptions } from "./client/operation.js";
