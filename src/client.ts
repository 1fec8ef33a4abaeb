import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { resolveBaseUrl } from "./base-url.js";
import { checkPositiveMs } from "./check.js";
import { OneproviderUsageError } from "./errors.js";
import { requestExecution, type ExecutionValidator } from "./execution-request.js";
import { transportFetch } from "./fetch-adapter.js";
import { fetchEngine, type FetchFunction, type HttpEngine } from "./http-engine.js";
import { resolveRetryPolicy, type RetryOptions } from "./retry.js";
import { checkAuthScheme, checkTokenSource, type AuthScheme, type TokenSource } from "./token.js";
import { createTransport } from "./transport.js";
import type { AtmWorkflowExecution } from "./types.js";
import { waitForWorkflowExecution, type WaitOptions } from "./wait.js";

export type { ExecutionValidator, ValidationResult } from "./execution-request.js";

export interface OneproviderClientOptions {
  /** The provider: `"provider.example.org"`, `"provider.example.org:8443"` or `"https://…"`. */
  host?: string | undefined;
  /** The full API base, such as `"https://provider.example.org/api/v3/oneprovider"`; wins over `host`. */
  baseUrl?: string | undefined;
  /** An access token, or a function returning the current one (called for every request). */
  token?: TokenSource | undefined;
  /** `"x-auth-token"` (default) sends `X-Auth-Token`; `"bearer"` sends `Authorization: Bearer`. */
  authScheme?: AuthScheme | undefined;
  /** Time allowed to each attempt, headers and body, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Repeats after network errors, 429, 502, 503 and 504; `false` turns it off. */
  retry?: RetryOptions | false | undefined;
  /** The `fetch` to use; default `globalThis.fetch`. See `oneprovider-atm-client/node` for TLS options. */
  fetch?: FetchFunction | undefined;
  /** Opt-in runtime validation: pass `validateWorkflowExecution` from `oneprovider-atm-client/validate`. */
  validate?: ExecutionValidator | undefined;
  /** Allows plain `http:` to a host that is not loopback. The token then travels unencrypted. */
  allowInsecureHttp?: boolean | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
}

export interface OneproviderClient {
  /** The API base every request goes to. */
  readonly baseUrl: string;
  /** The details of a workflow execution. Throws an `OneproviderError` subclass on any failure. */
  getWorkflowExecution(wid: string, options?: CallOptions): Promise<AtmWorkflowExecution>;
  /** Polls an execution until `until` holds (by default: until it is ended). */
  waitForWorkflowExecution(wid: string, options?: WaitOptions): Promise<AtmWorkflowExecution>;
  /** The underlying openapi-fetch client, for `{ data, error, response }` style calls. */
  readonly raw: Client<paths>;
}

const defaultTimeoutMs = 30_000;

/**
 * The client. `getWorkflowExecution` sends its GET straight through the transport (token, timeouts,
 * retries, redirect policy), then reads the body as the server writes it; `client.raw`, the
 * openapi-fetch client typed by the generated `paths`, sends through the same transport.
 */
export function createOneproviderClient(options: OneproviderClientOptions): OneproviderClient {
  return createClientWithEngine(options, undefined);
}

/**
 * The same client over another HTTP engine (the command-line tool's `node:http` one); not public.
 * @internal
 */
export function createClientWithEngine(
  options: OneproviderClientOptions,
  engine: HttpEngine | undefined,
): OneproviderClient {
  if (typeof options !== "object" || options === null) {
    throw new OneproviderUsageError("createOneproviderClient needs an options object with host or baseUrl");
  }
  const baseUrl = resolveBaseUrl(options);
  const timeoutMs = checkPositiveMs(options.timeoutMs, "timeoutMs") ?? defaultTimeoutMs;
  const send = createTransport({
    engine: engine ?? fetchEngine(checkFetch(options.fetch ?? globalThis.fetch)),
    token: checkTokenSource(options.token),
    authScheme: checkAuthScheme(options.authScheme),
    retry: resolveRetryPolicy(options.retry),
    timeoutMs,
  });
  const validate = options.validate;
  if (validate !== undefined && typeof validate !== "function") {
    throw new OneproviderUsageError("validate must be a function such as validateWorkflowExecution");
  }
  let raw: Client<paths> | undefined;
  const client: OneproviderClient = {
    baseUrl,
    // Built on first use: a caller that never touches raw never pays for it.
    get raw() {
      return (raw ??= createClient<paths>({ baseUrl, fetch: transportFetch(send) }));
    },
    getWorkflowExecution: async (wid, callOptions = {}) =>
      requestExecution(
        send,
        baseUrl,
        wid,
        { signal: callOptions.signal, timeoutMs: checkPositiveMs(callOptions.timeoutMs, "timeoutMs"), wid },
        validate,
      ),
    waitForWorkflowExecution: (wid, waitOptions) => waitForWorkflowExecution(client, wid, waitOptions),
  };
  return client;
}

function checkFetch(fetchFunction: unknown): FetchFunction {
  if (typeof fetchFunction !== "function")
    throw new OneproviderUsageError("no fetch: pass one as the fetch option");
  return fetchFunction as FetchFunction;
}
