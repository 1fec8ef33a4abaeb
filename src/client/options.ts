import { API_PATH } from "../../generated/operations.js";
import { OneproviderUsageError, type ValidationIssue } from "../errors/error-classes.js";
import type { Hooks } from "../transport/hooks.js";
import { fetchEngine, type FetchFunction, type HttpEngine } from "../transport/http-engine.js";
import type { RetryOptions, RetryPolicy } from "../transport/retry.js";
import { MAX_RESPONSE_BYTES } from "../transport/read-body.js";
import { checkHeaders, type HeadersSource } from "../transport/request-headers.js";
import type { TransportConfig } from "../transport/send.js";
import { PACKAGE_VERSION } from "./package-version.js";
import { checkTokenText, type AuthScheme, type TokenSource } from "../transport/token.js";

/** What a runtime validator says of a body; see `oneprovider-atm-client/validate`. */
export type ValidationResult = { ok: true } | { ok: false; issues: ValidationIssue[] };
export type ExecutionValidator = (body: unknown) => ValidationResult;

export interface OneproviderClientOptions extends Hooks {
  /** The provider: `"provider.example.org"`, `"provider.example.org:8443"` or `"https://…"`. */
  host?: string | undefined;
  /** The full API base, such as `"https://provider.example.org/api/v3/oneprovider"`; instead of `host`, never with it. */
  baseUrl?: string | undefined;
  /**
   * An access token, or a function returning the current one: called for every request with
   * `{ rejected: false }`; after a 401, once more with `{ rejected: true }`, and if it gives another
   * token the request is sent once more with it.
   */
  token?: TokenSource | undefined;
  /**
   * Headers added to every request (`traceparent`, `user-agent`, a proxy's header): an object, or a
   * function, sync or async, called for every attempt. The token header, `accept` and `content-type`
   * are the client's own. In Node the default `user-agent` is `oneprovider-atm-client/<version>`.
   */
  headers?: HeadersSource | undefined;
  /** `"x-auth-token"` (default) sends `X-Auth-Token`; `"bearer"` sends `Authorization: Bearer`. */
  authScheme?: AuthScheme | undefined;
  /** Time allowed to each attempt, headers and body, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /**
   * Repeats of failed attempts; `false` turns them off. A GET is repeated after a network error, 429,
   * 502, 503 and 504; any other method only when the server certainly did not act.
   */
  retry?: RetryOptions | false | undefined;
  /** The `fetch` to use; default `globalThis.fetch`. See `oneprovider-atm-client/node` for TLS options. */
  fetch?: FetchFunction | undefined;
  /** Opt-in runtime validation: pass `validateWorkflowExecution` from `oneprovider-atm-client/validate`. */
  validate?: ExecutionValidator | undefined;
  /**
   * The largest answer read whole, in bytes; a larger one fails with OneproviderResponseTooLargeError
   * without being read further. Default 32 MiB (an execution's details are a few kB); at most
   * 536 870 888, the longest string JavaScript can hold. The audit-log dump streams, unlimited.
   */
  maxResponseBytes?: number | undefined;
  /** Allows plain `http:` to a host that is not loopback. The token then travels unencrypted. */
  allowInsecureHttp?: boolean | undefined;
}

/** Every option, checked once when the client is made; per-request code trusts it. */
export interface ResolvedOptions {
  baseUrl: string;
  transport: TransportConfig;
  validate: ExecutionValidator | undefined;
}

const usage = (message: string) => new OneproviderUsageError(message);

/**
 * Checks the options and resolves them into one configuration. `engine` replaces `fetch` (the
 * command-line tool's `node:http` engine).
 */
export function resolveOptions(options: OneproviderClientOptions, engine?: HttpEngine): ResolvedOptions {
  if (typeof options !== "object" || options === null)
    throw usage("the options must be an object with host or baseUrl");
  const { validate } = options;
  if (validate !== undefined && typeof validate !== "function") throw usage("validate must be a function");
  const hooks: Hooks = {};
  for (const name of ["onRequest", "onResponse", "onRetry", "onError"] as const) {
    const hook = options[name];
    if (hook !== undefined && typeof hook !== "function") throw usage(`${name} must be a function`);
    hooks[name] = hook as never;
  }
  return {
    baseUrl: resolveBaseUrl(options),
    validate,
    transport: {
      engine: engine ?? fetchEngine(checkFetch(options.fetch ?? globalThis.fetch)),
      token: checkTokenSource(options.token),
      authScheme: checkAuthScheme(options.authScheme),
      retry: resolveRetryPolicy(options.retry),
      timeoutMs: checkPositiveMs(options.timeoutMs, "timeoutMs") ?? 30_000,
      maxResponseBytes: checkMaxResponseBytes(options.maxResponseBytes),
      hooks,
      // Fixed headers are merged once here: an attempt then copies one object, awaiting nothing.
      ...headersOf(options.headers),
    },
  };
}

/**
 * Node's default `user-agent` names the package; a browser sends its own, and does not let a page
 * replace it everywhere.
 */
const defaultHeaders: Readonly<Record<string, string>> =
  // Stryker disable next-line ConditionalExpression,LogicalOperator,OptionalChaining: mutants run on Node only, where both hold; the browser suite pins the other branch
  typeof process === "object" && typeof process?.versions?.node === "string"
    ? { "user-agent": `oneprovider-atm-client/${PACKAGE_VERSION}` }
    : {};

/** The transport's headers: the defaults and an object merged, or the defaults and a function for every attempt. */
function headersOf(headers: unknown): Pick<TransportConfig, "headers" | "defaultHeaders"> {
  if (headers === undefined) return { headers: undefined, defaultHeaders };
  if (typeof headers === "function") return { headers: headers as HeadersSource, defaultHeaders };
  return { headers: undefined, defaultHeaders: { ...defaultHeaders, ...checkHeaders(headers, "headers") } };
}

/** The longest delay a timer can wait: a longer one fires at once. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** A duration option: `undefined` when not given, a positive finite number of ms, or a usage error. */
export function checkPositiveMs(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  // Number.isFinite is false for what is not a number.
  if (!Number.isFinite(value) || (value as number) <= 0 || (value as number) > MAX_DELAY_MS)
    throw usage(`${name} must be a positive number of ms, at most ${MAX_DELAY_MS} (about 24.8 days)`);
  return value as number;
}

function checkMaxResponseBytes(value: unknown): number {
  if (value === undefined) return 32 * 2 ** 20;
  if (!Number.isInteger(value) || (value as number) <= 0 || (value as number) > MAX_RESPONSE_BYTES)
    throw usage(`maxResponseBytes must be a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES}`);
  return value as number;
}

function checkFetch(fetchFunction: unknown): FetchFunction {
  if (typeof fetchFunction !== "function") throw usage("no fetch here: pass one as fetch");
  return fetchFunction as FetchFunction;
}

function checkTokenSource(token: unknown): TokenSource | undefined {
  if (token === undefined || typeof token === "function") return token as TokenSource | undefined;
  if (typeof token !== "string") throw usage("token must be a string or a function");
  return checkTokenText(token, "token");
}

function checkAuthScheme(scheme: unknown): AuthScheme {
  if (scheme === undefined) return "x-auth-token";
  if (scheme === "x-auth-token" || scheme === "bearer") return scheme;
  throw usage('authScheme must be "x-auth-token" or "bearer"');
}

function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { retries: 0, minDelayMs: 0, maxDelayMs: 0 };
  const given = options ?? {};
  const policy = { retries: 2, minDelayMs: 300, maxDelayMs: 10_000, ...given };
  for (const key of ["retries", "minDelayMs", "maxDelayMs"] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0 || policy[key] > MAX_DELAY_MS)
      throw usage(`retry.${key} must be a non-negative number, at most ${MAX_DELAY_MS}`);
  }
  // maxDelayMs promises that no wait is longer: a minDelayMs given larger contradicts it, and the
  // default one gives way to a smaller maxDelayMs.
  if (policy.minDelayMs > policy.maxDelayMs) {
    if (given.minDelayMs !== undefined)
      throw usage("retry.minDelayMs must not be larger than retry.maxDelayMs");
    policy.minDelayMs = policy.maxDelayMs;
  }
  return policy;
}

const loopbackHostnames = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The API's base URL, from `baseUrl` (used as it is) or `host` (`/api/v3/oneprovider` appended once).
 * Plain `http:` is refused unless the host is loopback or the caller opts in, since the token would
 * travel in clear.
 */
export function resolveBaseUrl({ host, baseUrl, allowInsecureHttp }: OneproviderClientOptions): string {
  let url: URL;
  if (baseUrl !== undefined && host !== undefined)
    throw usage(
      "host and baseUrl were both given: pass host (the provider) or baseUrl (the full API base), not both",
    );
  if (baseUrl !== undefined) {
    url = parseUrl(baseUrl, "baseUrl");
  } else if (typeof host === "string" && host.trim() !== "") {
    const trimmed = host.trim();
    url = parseUrl(trimmed.includes("://") ? trimmed : `https://${trimmed}`, "host");
    if (!["", API_PATH].includes(url.pathname.replace(/\/+$/, "")))
      throw usage(`host has the path ${url.pathname}: pass a host or origin, or the full base as baseUrl`);
    url.pathname = API_PATH;
  } else {
    throw usage('host (such as "provider.example.org") or baseUrl is required');
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !loopbackHostnames.test(url.hostname))
    throw usage(
      `plain http to ${url.host} would send the token unencrypted: use https, or allowInsecureHttp: true`,
    );
  return url.href.replace(/\/+$/, "");
}

/** A URL option, refused without quoting it: it may carry credentials, even the token itself. */
function parseUrl(value: unknown, name: string): URL {
  if (typeof value !== "string") throw usage(`${name} must be a string`);
  // A bare "?" or "#" leaves no search or hash on the parsed URL, but would still end up in paths.
  if (/[?#]/.test(value)) throw usage(`${name} must not have a query or a fragment`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`${name} is not a valid URL or host`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw usage(`${name} must use https (or http on loopback)`);
  if (url.username || url.password)
    throw usage(`${name} must not carry credentials: pass the token as token`);
  return url;
}
