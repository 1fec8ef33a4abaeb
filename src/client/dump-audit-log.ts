import { JSONParser } from "@streamparser/json";
import { clientCores, type OneproviderClient } from "./create-client.js";
import { sendOperation, type CallOptions } from "./operation.js";
import { checkPositiveMs } from "./options.js";
import {
  OneproviderInvalidResponseError,
  OneproviderResponseTooLargeError,
  OneproviderUsageError,
} from "../errors/error-classes.js";
import type { AuditLogEntry } from "../execution/types.js";

/** JSON's white space: space, tab, line feed, carriage return. */
const jsonBlanks = new Set([0x20, 0x09, 0x0a, 0x0d]);
const openingBracket = 0x5b;

/**
 * The entries of an audit-log store (such as an execution's `systemAuditLogStoreId`), oldest first,
 * parsed as the body streams in. `timeoutMs` bounds the wait for the answer and then for each chunk.
 * A body cut short (the server's stream broke after it began) is an
 * `OneproviderInvalidResponseError`, never a silent end; a store that is not an audit log is the
 * server's 400 `notSupported`.
 *
 * @example
 * ```ts
 * import { createOneproviderClient } from "oneprovider-atm-client";
 * import { dumpAuditLog } from "oneprovider-atm-client/audit-log";
 *
 * const client = createOneproviderClient({ host: "provider.example.org", token: process.env.ONEPROVIDER_API_KEY });
 * const execution = await client.getWorkflowExecution("7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b");
 * for await (const entry of dumpAuditLog(client, execution.systemAuditLogStoreId!)) {
 *   if (entry.severity === "error") console.log(new Date(entry.timestamp).toISOString(), entry.content);
 * }
 * ```
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
    "dumpAtmStore",
    { path: { sid: storeId } },
    { signal: options.signal, timeoutMs: checkPositiveMs(options.timeoutMs, "timeoutMs") },
  );
  const invalid = (why: string, cause?: unknown) =>
    new OneproviderInvalidResponseError(`${response.what()}: ${why}`, {
      ...response.operation,
      status: response.status,
      cause,
    });
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  let ready: AuditLogEntry[] = [];
  parser.onValue = ({ value }) => void ready.push(value as AuditLogEntry);
  let started = false;
  // The log streams unlimited, but one entry is held whole until it ends: a single entry may not be
  // larger than maxResponseBytes. Counted from the chunk in which the last entry ended.
  let sinceLastEntry = 0;
  for await (const chunk of response.chunks!) {
    if (!started) {
      // Blanks before the "[" are JSON, however many, and count towards the limit like any byte.
      const first = chunk.findIndex((byte) => !jsonBlanks.has(byte));
      if (first >= 0 && chunk[first] !== openingBracket) throw invalid("the body is not a JSON array");
      started = first >= 0;
    }
    try {
      if (started) parser.write(chunk);
    } catch (error) {
      throw invalid("the body is not valid JSON", error);
    }
    sinceLastEntry = ready.length > 0 ? 0 : sinceLastEntry + chunk.byteLength;
    if (sinceLastEntry > core.maxResponseBytes)
      throw new OneproviderResponseTooLargeError(
        `${response.what()}: an audit-log entry larger than maxResponseBytes (${core.maxResponseBytes} bytes); the rest was not read`,
        { ...response.operation, status: response.status, limitBytes: core.maxResponseBytes },
      );
    const entries = ready;
    ready = [];
    yield* entries;
  }
  // The parser ends by itself at the closing "]"; a body that stopped before it was cut short.
  if (!started || !parser.isEnded) throw invalid("the body was cut short before its closing ]");
}
