import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { resolveBaseUrl } from "./base-url.js";
import { OneproviderInvalidResponseError, OneproviderUsageError, type ValidationIssue } from "./errors.js";
import { toApiError, excerpt } from "./api-error.js";
import { resolveRetryPolicy, type RetryOptions } from "./retry.js";
import { checkAuthScheme, checkTokenSource, type AuthScheme, type TokenSource } from "./token.js";
import { createTransport, type CallContext, type FetchFunction } from "./transport.js";
import type { AtmWorkflowExecution } from "./types.js";
import { waitForWorkflowExecution, type WaitOptions } from "./wait.js";

/** What a runtime validator says of a body; see `oneprovider-atm-client/validate`. */
export type ValidationResult = { ok: true } | { ok: false; issues: ValidationIssue[] };
export type ExecutionValidator = (body: unknown) => ValidationResult;

export interface OneproviderClientOptions {
  /** The provider: `"provider.example.org"`, `"provider.example.org:8443"` or `"https://…"`. */
  host?: string;
  /** The full API base, such as `"https://provider.example.org/api/v3/oneprovider"`; wins over `host`. */
  baseUrl?: string;
  /** An access token, or a function returning the current one (called for every request). */
  token?: TokenSource;
  /** `"x-auth-token"` (default) sends `X-Auth-Token`; `"bearer"` sends `Authorization: Bearer`. */
  authScheme?: AuthScheme;
  /** Time allowed to each attempt, headers and body, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Repeats after network errors, 429, 502, 503 and 504; `false` turns it off. */
  retry?: RetryOptions | false;
  /** The `fetch` to use; default `globalThis.fetch`. See `oneprovider-atm-client/node` for TLS options. */
  fetch?: FetchFunction;
  /** Opt-in runtime validation: pass `validateWorkflowExecution` from `oneprovider-atm-client/validate`. */
  validate?: ExecutionValidator;
  /** Allows plain `http:` to a host that is not loopback. The token then travels unencrypted. */
  allowInsecureHttp?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
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

const executionPath = "/automation/execution/workflows/{wid}";
const defaultTimeoutMs = 30_000;

export function createOneproviderClient(options: OneproviderClientOptions): OneproviderClient {
  if (typeof options !== "object" || options === null) {
    throw new OneproviderUsageError("createOneproviderClient needs an options object with host or baseUrl");
  }
  const baseUrl = resolveBaseUrl(options);
  const timeoutMs = checkTimeout(options.timeoutMs, "timeoutMs") ?? defaultTimeoutMs;
  const baseFetch = options.fetch ?? globalThis.fetch;
  if (typeof baseFetch !== "function")
    throw new OneproviderUsageError("no fetch: pass one as the fetch option");
  const send = createTransport({
    fetch: baseFetch,
    token: checkTokenSource(options.token),
    authScheme: checkAuthScheme(options.authScheme),
    retry: resolveRetryPolicy(options.retry),
    timeoutMs,
  });
  const validate = options.validate;
  if (validate !== undefined && typeof validate !== "function") {
    throw new OneproviderUsageError("validate must be a function such as validateWorkflowExecution");
  }
  const raw = createClient<paths>({ baseUrl, fetch: (request) => send(request, { signal: request.signal }) });

  async function getWorkflowExecution(
    wid: string,
    callOptions: CallOptions = {},
  ): Promise<AtmWorkflowExecution> {
    checkWid(wid);
    const call: CallContext = {
      signal: callOptions.signal,
      timeoutMs: checkTimeout(callOptions.timeoutMs, "timeoutMs"),
      wid,
    };
    const { data, error, response } = await raw.GET(executionPath, {
      params: { path: { wid } },
      parseAs: "text",
      fetch: (request) => send(request, call),
    });
    if (!response.ok) throw toApiError(response.status, error, wid, call.usedToken);
    const text = (data as string | undefined) ?? "";
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new OneproviderInvalidResponseError(
        `GET workflow execution "${wid}": the server answered ${response.status} with a body that is not JSON`,
        { status: response.status, bodyExcerpt: excerpt(text, call.usedToken), wid, cause: error },
      );
    }
    if (validate) {
      const result = validate(body);
      if (!result.ok) {
        const summary = result.issues.slice(0, 3).map((issue) => `${issue.path || "/"} ${issue.message}`);
        throw new OneproviderInvalidResponseError(
          `GET workflow execution "${wid}": the body does not match the spec: ${summary.join("; ")}` +
            (result.issues.length > 3 ? ` (and ${result.issues.length - 3} more)` : ""),
          { status: response.status, issues: result.issues, wid },
        );
      }
    }
    return body as AtmWorkflowExecution;
  }

  const client: OneproviderClient = {
    baseUrl,
    raw,
    getWorkflowExecution,
    waitForWorkflowExecution: (wid, waitOptions) => waitForWorkflowExecution(client, wid, waitOptions),
  };
  return client;
}

/**
 * A wid travels as exactly one path segment. "." and ".." cannot: URL parsers resolve them (encoded
 * or not) as "this folder" and "the parent folder", so such a request would reach another resource.
 */
function checkWid(wid: unknown): asserts wid is string {
  if (typeof wid !== "string" || wid === "") {
    throw new OneproviderUsageError(
      `wid must be a non-empty string, not ${wid === "" ? "an empty string" : typeof wid}`,
    );
  }
  if (wid === "." || wid === "..")
    throw new OneproviderUsageError(`wid "${wid}" cannot be sent as a path segment`);
  if (!wid.isWellFormed())
    throw new OneproviderUsageError("wid contains a lone UTF-16 surrogate and cannot be encoded");
}

function checkTimeout(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new OneproviderUsageError(`${name} must be a positive number of milliseconds`);
  }
  return value;
}
