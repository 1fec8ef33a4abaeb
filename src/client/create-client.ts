import type { AtmWorkflowExecution } from "../execution/types.js";
import type { HttpEngine } from "../transport/http-engine.js";
import { createTransport } from "../transport/send.js";
import { actOn, repeatRun } from "./actions.js";
import type { LaneRunRef } from "../execution/allowed-actions.js";
import { getWorkflowExecution } from "./get-workflow-execution.js";
import {
  iterateWorkflowExecutions,
  listWorkflowExecutions,
  type AtmWorkflowExecutionList,
  type IterateOptions,
  type ListOptions,
} from "./list.js";
import { checkPositiveMs, resolveOptions, type OneproviderClientOptions } from "./options.js";
import type { CallOptions, ClientCore } from "./operation.js";
import { scheduleWorkflowExecution, type ScheduleRequest, type ScheduleResponse } from "./schedule.js";
import { waitForWorkflowExecution, type WaitOptions } from "./wait.js";

export interface OneproviderClient {
  /** The API base every request goes to. */
  readonly baseUrl: string;
  /** The details of a workflow execution. Throws an `OneproviderError` subclass on any failure. */
  getWorkflowExecution(wid: string, options?: CallOptions): Promise<AtmWorkflowExecution>;
  /** Polls an execution until `until` holds (by default: until it is ended). */
  waitForWorkflowExecution(wid: string, options?: WaitOptions): Promise<AtmWorkflowExecution>;
  /** One page of execution ids of a space, exactly as the server sends it (`phase` defaults to `ongoing`). */
  listWorkflowExecutions(spaceId: string, options?: ListOptions): Promise<AtmWorkflowExecutionList>;
  /** Every execution id of every page, once. */
  iterateWorkflowExecutions(spaceId: string, options?: IterateOptions): AsyncIterable<string>;
  /** Schedules an execution; resolves with its id. */
  scheduleWorkflowExecution(request: ScheduleRequest, options?: CallOptions): Promise<ScheduleResponse>;
  /** Cancels a waiting, ongoing or suspended execution (`stopping`, or already `cancelled` if it was suspended). */
  cancelWorkflowExecution(wid: string, options?: CallOptions): Promise<void>;
  /** Pauses a waiting or ongoing execution (`stopping`, then `paused`). */
  pauseWorkflowExecution(wid: string, options?: CallOptions): Promise<void>;
  /** Resumes a `paused` or `interrupted` execution (`resuming`). */
  resumeWorkflowExecution(wid: string, options?: CallOptions): Promise<void>;
  /** Continues a `failed` execution from its next lane (`resuming`). */
  forceContinueWorkflowExecution(wid: string, options?: CallOptions): Promise<void>;
  /** Discards a suspended or ended execution: at once invisible. */
  deleteWorkflowExecution(wid: string, options?: CallOptions): Promise<void>;
  /** Retries the failed items of a lane run of an ended execution (a new run, `scheduled`). */
  retryWorkflowExecution(wid: string, run: LaneRunRef, options?: CallOptions): Promise<void>;
  /** Reruns a lane run of an ended execution, from that lane (a new run, `scheduled`). */
  rerunWorkflowExecution(wid: string, run: LaneRunRef, options?: CallOptions): Promise<void>;
}

/** Where `rawClient` and the other entries find a client's core; not part of the public API. */
export const clientCores = new WeakMap<OneproviderClient, ClientCore>();

/**
 * The client. Every option is checked here, once; each operation is a small function over the shared
 * transport (token, per-attempt timeouts, retry rules, same-origin redirects, hooks).
 */
export function createOneproviderClient(options: OneproviderClientOptions): OneproviderClient {
  return createClientWithEngine(options);
}

/** A call's own options, checked. */
const callOf = (call: CallOptions = {}): CallOptions => ({
  signal: call.signal,
  timeoutMs: checkPositiveMs(call.timeoutMs, "timeoutMs"),
});

/**
 * The same client over another HTTP engine (the command-line tool's `node:http` one); not public.
 * @internal
 */
export function createClientWithEngine(
  options: OneproviderClientOptions,
  engine?: HttpEngine,
): OneproviderClient {
  const resolved = resolveOptions(options, engine);
  const cancel = actOn("cancelWorkflowExecution");
  const pause = actOn("pauseWorkflowExecution");
  const resume = actOn("resumeWorkflowExecution");
  const forceContinue = actOn("forceContinueWorkflowExecution");
  const remove = actOn("deleteWorkflowExecution");
  const retry = repeatRun("retryWorkflowExecution");
  const rerun = repeatRun("rerunWorkflowExecution");
  const core = {
    baseUrl: resolved.baseUrl,
    send: createTransport(resolved.transport),
    validate: resolved.validate,
    maxResponseBytes: resolved.transport.maxResponseBytes,
  };
  const client: OneproviderClient = {
    baseUrl: core.baseUrl,
    getWorkflowExecution: async (wid, call) => getWorkflowExecution(core, wid, callOf(call)),
    waitForWorkflowExecution: (wid, waitOptions) => waitForWorkflowExecution(client, wid, waitOptions),
    listWorkflowExecutions: async (spaceId, list = {}) =>
      listWorkflowExecutions(core, spaceId, { ...list, ...callOf(list) }),
    // A usage error is a rejection, like every other failure, never a synchronous throw.
    iterateWorkflowExecutions: (spaceId, iterate) => iterateWorkflowExecutions(core, spaceId, iterate),
    scheduleWorkflowExecution: async (request, call) =>
      scheduleWorkflowExecution(core, request, callOf(call)),
    cancelWorkflowExecution: async (wid, call) => cancel(core, wid, callOf(call)),
    pauseWorkflowExecution: async (wid, call) => pause(core, wid, callOf(call)),
    resumeWorkflowExecution: async (wid, call) => resume(core, wid, callOf(call)),
    forceContinueWorkflowExecution: async (wid, call) => forceContinue(core, wid, callOf(call)),
    deleteWorkflowExecution: async (wid, call) => remove(core, wid, callOf(call)),
    retryWorkflowExecution: async (wid, run, call) => retry(core, wid, run, callOf(call)),
    rerunWorkflowExecution: async (wid, run, call) => rerun(core, wid, run, callOf(call)),
  };
  clientCores.set(client, core);
  return client;
}
