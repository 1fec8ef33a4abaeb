import type { AtmWorkflowExecution } from "../execution/types.js";
import type { HttpEngine } from "../transport/http-engine.js";
import { createTransport } from "../transport/send.js";
import { getWorkflowExecution } from "./get-workflow-execution.js";
import { checkPositiveMs, resolveOptions, type OneproviderClientOptions } from "./options.js";
import type { CallOptions, ClientCore } from "./operation.js";
import { waitForWorkflowExecution, type WaitOptions } from "./wait.js";

export interface OneproviderClient {
  /** The API base every request goes to. */
  readonly baseUrl: string;
  /** The details of a workflow execution. Throws an `OneproviderError` subclass on any failure. */
  getWorkflowExecution(wid: string, options?: CallOptions): Promise<AtmWorkflowExecution>;
  /** Polls an execution until `until` holds (by default: until it is ended). */
  waitForWorkflowExecution(wid: string, options?: WaitOptions): Promise<AtmWorkflowExecution>;
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
  };
  const client: OneproviderClient = {
    baseUrl: core.baseUrl,
    getWorkflowExecution: (wid, call = {}) =>
      getWorkflowExecution(core, wid, {
        signal: call.signal,
        timeoutMs: checkPositiveMs(call.timeoutMs, "timeoutMs"),
      }),
    waitForWorkflowExecution: (wid, waitOptions) => waitForWorkflowExecution(client, wid, waitOptions),
  };
  clientCores.set(client, core);
  return client;
}
