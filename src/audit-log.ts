/**
 * The audit log of a workflow execution (or any audit-log store), read as it streams in:
 * {@link dumpAuditLog} yields entry after entry, oldest first, while memory stays the size of one
 * chunk, however long the log. Its own entry, so that code that never reads logs never bundles the
 * streaming JSON parser.
 *
 * @module oneprovider-atm-client/audit-log
 */
import { JSONParser } from "@streamparser/json";
import { clientCores, type OneproviderClient } from "./client/create-client.js";
import { sendOperation, type CallOptions } from "./client/operation.js";
import { checkPositiveMs } from "./client/options.js";
import { OneproviderInvalidResponseError, OneproviderUsageError } from "./errors/error-classes.js";
import type { AuditLogEntry } from "./execution/types.js";

// The types dumpAuditLog's signature names, importable from this entry too.
export type { AuditLogEntry } from "./execution/types.js";
export type { OneproviderClient } from "./client/create-client.js";
export type { CallOptions } from "./client/operation.js";

/**
 * The entries of an audit-log store (such as an execution's `systemAuditLogStoreId`), oldest first,
 * parsed as the body streams in. `timeoutMs` bounds the wait for the answer and then for each chunk.
 * A body cut short (the server's stream broke after it began) is an
 * `OneproviderInvalidResponseError`, never a silent end; a store that is not an audit log is the
 * server's 400 `notSupported`.
 */
export async function* dumpAuditLog(
  client: OneproviderClient,
  storeId: string,
  options: CallOptions = {},
): AsyncGenerator<AuditLogEntry, void, undefined> {
  const core = clientCores.get(client);
  if (!core) throw new OneproviderUsageError("dumpAuditLog needs a client made by createOneproviderClient");
  const response = await sendOperation(
    core,
    "get",
    "/automation/execution/stores/{sid}/dump",
    { path: { sid: storeId } },
    {
      signal: options.signal,
      timeoutMs: checkPositiveMs(options.timeoutMs, "timeoutMs"),
      // The route declares octet-stream (and refuses Accept: application/json alone), though it sends
      // JSON: name both, so that the server and anything that reads the spec agree.
      stream: { accept: "application/octet-stream, application/json;q=0.9" },
    },
  );
  const invalid = (why: string, cause?: unknown) =>
    new OneproviderInvalidResponseError(`${response.what()}: ${why}`, { status: response.status, cause });
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  let ready: AuditLogEntry[] = [];
  parser.onValue = ({ value }) => void ready.push(value as AuditLogEntry);
  let started = false;
  for await (const chunk of response.chunks!) {
    if (!started) {
      const first = new TextDecoder().decode(chunk.subarray(0, 64)).trimStart();
      if (first === "") continue;
      if (!first.startsWith("[")) throw invalid("the body is not a JSON array");
      started = true;
    }
    try {
      parser.write(chunk);
    } catch (error) {
      throw invalid("the body is not valid JSON", error);
    }
    const entries = ready;
    ready = [];
    yield* entries;
  }
  // The parser ends by itself at the closing "]"; a body that stopped before it was cut short.
  if (!started || !parser.isEnded) throw invalid("the body was cut short before its closing ]");
}
