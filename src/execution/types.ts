import type { Schema } from "../../generated/operations.js";
import type { components } from "../../generated/openapi.js";

/** A workflow execution, exactly as the server sends it (all 15 keys). */
export interface AtmWorkflowExecution extends Schema<"AtmWorkflowExecutionDetails"> {}
/** A lane of an execution: its schema id and its runs, newest first. */
export interface AtmLane extends Schema<"AtmWorkflowExecutionLane"> {}
/** One run of a lane. `runNumber` is `null` for a run prepared in advance. */
export interface AtmLaneRun extends Schema<"AtmWorkflowExecutionLaneRunDetails"> {}
/** A parallel box of a lane run: task schema id → task execution id. */
export interface AtmParallelBox extends Schema<"AtmParallelBox"> {}
/** The status of an execution: the 10 known values autocomplete; any other string is accepted. */
export type AtmWorkflowExecutionStatus = components["schemas"]["AtmWorkflowExecutionStatus"];
/** The status of a lane run: the 12 known values autocomplete; any other string is accepted. */
export type AtmLaneRunStatus = components["schemas"]["AtmLaneRunStatus"];
/** How a lane run came to be: `regular`, `rerun` or `retry` (open to values a newer server adds). */
export type AtmLaneRunType = components["schemas"]["AtmLaneRunType"];
/** One entry of an audit log: `timestamp` in milliseconds, `source` only on a user's entries. */
export interface AuditLogEntry extends Schema<"AuditLogEntry"> {}
/** An audit log level, lowest to highest: `debug` … `emergency`. */
export type AuditLogSeverity = components["schemas"]["AuditLogSeverity"];
