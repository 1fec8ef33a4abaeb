/**
 * The audit log of a workflow execution (or any audit-log store), read as it streams in:
 * {@link dumpAuditLog} yields entry after entry, oldest first, while memory stays the size of one
 * chunk, however long the log. Its own entry, so that code that never reads logs never bundles the
 * streaming JSON parser.
 *
 * @module oneprovider-atm-client/audit-log
 */
export { dumpAuditLog } from "./client/dump-audit-log.js";
// The types dumpAuditLog's signature names, importable from this entry too.
export type { AuditLogEntry } from "./execution/types.js";
export type { CallArguments, OneproviderClient } from "./client/create-client.js";
export type { ActionMethods, OperationId, Schema } from "../generated/operations.js";
export type { OperationInput, OperationResult } from "./client/operation.js";
export type { CallOptions } from "./client/operation.js";
