import type { OneproviderClient } from "../client/create-client.js";
import { dumpAuditLog } from "../client/dump-audit-log.js";
import { getProviderConfiguration, type ProviderConfiguration } from "../client/provider-configuration.js";
import type { AuditLogEntry } from "../execution/types.js";
import type { ExecutionReportInput } from "./render.js";

export interface CollectOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for each call (and each chunk of the log). */
  timeoutMs?: number | undefined;
  /** Read the system audit log (default true); `false` leaves it out of the report. */
  auditLog?: boolean | undefined;
}

/**
 * What a report of one execution is made of, read from the provider: the execution, its system
 * audit log (streamed, oldest first) and, when it answers, the provider's public configuration.
 * `now` is when the execution was read.
 */
export async function collectExecutionReport(
  client: OneproviderClient,
  wid: string,
  options: CollectOptions = {},
): Promise<ExecutionReportInput> {
  const call = { signal: options.signal, timeoutMs: options.timeoutMs };
  const execution = await client.getWorkflowExecution(wid, call);
  const now = Date.now();
  let auditLog: AuditLogEntry[] | undefined;
  if (options.auditLog !== false && execution.systemAuditLogStoreId !== null) {
    auditLog = [];
    for await (const entry of dumpAuditLog(client, execution.systemAuditLogStoreId, call))
      auditLog.push(entry);
  }
  let configuration: ProviderConfiguration | undefined;
  try {
    configuration = await getProviderConfiguration(client, call);
  } catch (error) {
    // A provider without a readable configuration still gets its report; the caller's abort does not.
    if (options.signal?.aborted) throw error;
  }
  return { execution, auditLog, configuration, now };
}
