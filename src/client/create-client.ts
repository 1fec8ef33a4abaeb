import type { operations } from "../../generated/openapi.js";
import {
  ACTIONS,
  OPERATIONS,
  REQUIRED_BODY_FIELDS,
  type ActionMethods,
  type OperationId,
} from "../../generated/operations.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import type { HttpEngine } from "../transport/http-engine.js";
import { createTransport } from "../transport/send.js";
import { getWorkflowExecution } from "./get-workflow-execution.js";
import {
  iterateWorkflowExecutions,
  listWorkflowExecutions,
  type AtmWorkflowExecutionList,
  type IterateOptions,
  type ListOptions,
} from "./list.js";
import { checkPositiveMs, resolveOptions, type OneproviderClientOptions } from "./options.js";
import {
  callOperation,
  type CallOptions,
  type ClientCore,
  type OperationInput,
  type OperationResult,
} from "./operation.js";
import { scheduleWorkflowExecution, type ScheduleRequest, type ScheduleResponse } from "./schedule.js";
import { waitForWorkflowExecution, type WaitOptions } from "./wait.js";

/** What `call` takes for one operation: its input (which may be left out when it needs none), then the call's options. */
export type CallArguments<Id extends OperationId> =
  object extends OperationInput<operations[Id]>
    ? [input?: OperationInput<operations[Id]>, options?: CallOptions]
    : [input: OperationInput<operations[Id]>, options?: CallOptions];

/**
 * The client. Each action (cancel, pause, resume, force-continue, delete, retry, rerun) resolves when
 * the provider has answered 204: what is already true then, and what follows, is the provider's state
 * machine, described on each method.
 */
export interface OneproviderClient extends ActionMethods<CallOptions> {
  /** The API base every request goes to. */
  readonly baseUrl: string;
  /** The details of a workflow execution. Throws an `OneproviderError` subclass on any failure. */
  getWorkflowExecution(wid: string, options?: CallOptions): Promise<AtmWorkflowExecution>;
  /**
   * Polls an execution until `until` holds (by default: until it is ended; a paused execution is
   * waited through until someone resumes it, with no time limit unless `timeoutMs` is given).
   *
   * @example
   * ```ts
   * import { createOneproviderClient, isEnded, workflowPhase } from "oneprovider-atm-client";
   *
   * const client = createOneproviderClient({ host: "provider.example.org", token: process.env.ONEPROVIDER_API_KEY });
   * const stopped = await client.waitForWorkflowExecution("7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b", {
   *   until: (execution) => isEnded(execution) || workflowPhase(execution.status) === "suspended",
   *   onUpdate: (execution) => console.log(execution.status),
   *   timeoutMs: 3_600_000,
   * });
   * ```
   */
  waitForWorkflowExecution(wid: string, options?: WaitOptions): Promise<AtmWorkflowExecution>;
  /** One page of execution ids of a space, exactly as the server sends it (`phase` defaults to `ongoing`). */
  listWorkflowExecutions(spaceId: string, options?: ListOptions): Promise<AtmWorkflowExecutionList>;
  /** Every execution id of every page, once. */
  iterateWorkflowExecutions(spaceId: string, options?: IterateOptions): AsyncIterable<string>;
  /** Schedules an execution; resolves with its id. */
  scheduleWorkflowExecution(request: ScheduleRequest, options?: CallOptions): Promise<ScheduleResponse>;
  /**
   * Calls any operation of the spec by its operationId, with its path parameters, query and body as
   * the generated `operations` type them: `client.call("pauseWorkflowExecution", { path: { wid } })`.
   * The query and body are checked against the spec's rules before sending; the answer's JSON comes
   * back as the spec types it, unchecked (`undefined` for a 204). An operation added to the spec is
   * usable here with no other change.
   *
   * @example
   * ```ts
   * import { createOneproviderClient } from "oneprovider-atm-client";
   *
   * const client = createOneproviderClient({ host: "provider.example.org", token: process.env.ONEPROVIDER_API_KEY });
   * await client.call("pauseWorkflowExecution", { path: { wid: "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b" } });
   * const page = await client.call("listWorkflowExecutions", {
   *   path: { sid: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4bch3d90" },
   *   query: { phase: "ended", limit: 10 },
   * });
   * console.log(page.atmWorkflowExecutions);
   * ```
   */
  call<Id extends OperationId>(
    operationId: Id,
    ...args: CallArguments<Id>
  ): Promise<OperationResult<operations[Id]>>;
}

/** Where `rawClient` and the other entries find a client's core; not part of the public API. */
export const clientCores = new WeakMap<OneproviderClient, ClientCore>();

/**
 * The client. Every option is checked here, once; each operation is a small function over the shared
 * transport (token, per-attempt timeouts, retry rules, same-origin redirects, hooks).
 *
 * @example
 * ```ts
 * import { createOneproviderClient } from "oneprovider-atm-client";
 *
 * const client = createOneproviderClient({
 *   host: "provider.example.org",
 *   token: process.env.ONEPROVIDER_API_KEY,
 * });
 * const execution = await client.getWorkflowExecution("7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b");
 * console.log(execution.status);
 * ```
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
  const core = {
    baseUrl: resolved.baseUrl,
    send: createTransport(resolved.transport),
    validate: resolved.validate,
    maxResponseBytes: resolved.transport.maxResponseBytes,
  };
  const call = async (operationId: OperationId, input: object = {}, options?: CallOptions) => {
    if (!Object.hasOwn(OPERATIONS, operationId))
      throw new OneproviderUsageError(`no operation of the spec is called ${JSON.stringify(operationId)}`);
    return callOperation(core, operationId, input as never, callOf(options));
  };
  const actions: Record<string, unknown> = {};
  // Each action is the one operation on the execution's path; retry and rerun also take a body.
  for (const { operationId } of Object.values(ACTIONS))
    actions[operationId] =
      operationId in REQUIRED_BODY_FIELDS
        ? (wid: string, body: unknown, options?: CallOptions) =>
            call(operationId, { path: { wid }, body }, options)
        : (wid: string, options?: CallOptions) => call(operationId, { path: { wid } }, options);
  const client: OneproviderClient = {
    ...(actions as unknown as ActionMethods<CallOptions>),
    baseUrl: core.baseUrl,
    getWorkflowExecution: async (wid, options) => getWorkflowExecution(core, wid, callOf(options)),
    waitForWorkflowExecution: (wid, waitOptions) => waitForWorkflowExecution(client, wid, waitOptions),
    listWorkflowExecutions: async (spaceId, list = {}) =>
      listWorkflowExecutions(core, spaceId, { ...list, ...callOf(list) }),
    // A usage error is a rejection, like every other failure, never a synchronous throw.
    iterateWorkflowExecutions: (spaceId, iterate) => iterateWorkflowExecutions(core, spaceId, iterate),
    scheduleWorkflowExecution: async (request, options) =>
      scheduleWorkflowExecution(core, request, callOf(options)),
    call: call as OneproviderClient["call"],
  };
  clientCores.set(client, core);
  return client;
}
