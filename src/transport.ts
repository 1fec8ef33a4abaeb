import { OneproviderError, OneproviderRedirectError, OneproviderTimeoutError } from "./errors.js";
import type { EngineResponse, HttpEngine } from "./http-engine.js";
import { toNetworkError } from "./network-failure.js";
import { isTransientStatus, retryDelayMs, type RetryPolicy } from "./retry.js";
import { sleep } from "./sleep.js";
import { resolveToken, setTokenHeader, type AuthScheme, type TokenSource } from "./token.js";

export interface TransportConfig {
  engine: HttpEngine;
  token: TokenSource | undefined;
  authScheme: AuthScheme;
  retry: RetryPolicy;
  timeoutMs: number;
}

/** What one call adds to the client's configuration. */
export interface CallContext {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The execution the call is about, for error messages. */
  wid?: string | undefined;
  /** Set to the token the call used, so that errors can redact it from what the server sent. */
  usedToken?: string | undefined;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: ArrayBuffer | null;
}

/** A complete answer: the body is in memory. */
export interface CompletedResponse {
  status: number;
  statusText: string;
  headers: EngineResponse["headers"];
  url: string;
  redirected: boolean;
  body: string;
}

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const idempotentMethods = new Set(["GET", "HEAD"]);

/**
 * Sends requests for the client: adds the token, times out each attempt, repeats transient failures
 * of idempotent requests, follows same-origin redirects only, and reads the whole body inside the
 * attempt, so that a body cut short or too slow is a failure of that attempt.
 *
 * The token is sent only to the origin of the request: a redirect to another origin is refused
 * (OneproviderRedirectError) rather than followed without it, since an API that moved is worth knowing.
 */
export function createTransport(config: TransportConfig) {
  return async function send(request: OutgoingRequest, call: CallContext = {}): Promise<CompletedResponse> {
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const retries = idempotentMethods.has(request.method) ? config.retry.retries : 0;
    const what = `${request.method} ${describeUrl(request.url)}`;
    for (let attempt = 1; ; attempt += 1) {
      if (call.signal?.aborted) throw call.signal.reason;
      const token = typeof config.token === "function" ? await resolveToken(config.token) : config.token;
      call.usedToken = token;
      let response: CompletedResponse;
      try {
        response = await attemptOnce(config, request, token, timeoutMs, call);
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        if (error instanceof OneproviderError) throw error;
        if (error === timeoutReason) {
          throw new OneproviderTimeoutError(
            `${what} timed out after ${timeoutMs} ms (attempt ${attempt} of ${retries + 1})`,
            {
              timeoutMs,
              wid: call.wid,
            },
          );
        }
        if (attempt > retries)
          throw toNetworkError(error, `${what} (attempt ${attempt} of ${retries + 1})`, call.wid);
        await sleep(retryDelayMs(config.retry, attempt, null), call.signal);
        continue;
      }
      if (attempt > retries || !isTransientStatus(response.status)) return response;
      await sleep(retryDelayMs(config.retry, attempt, response.headers.get("retry-after")), call.signal);
    }
  };
}

/** The abort reason of an attempt's own timer, told apart from the caller's abort by identity. */
const timeoutReason = new Error("attempt timed out");

async function attemptOnce(
  config: TransportConfig,
  request: OutgoingRequest,
  token: string | undefined,
  timeoutMs: number,
  call: CallContext,
): Promise<CompletedResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
  const callerSignal = call.signal;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    const headers = { ...request.headers };
    setTokenHeader(headers, token, config.authScheme);
    let url = request.url;
    for (let redirects = 0; ; redirects += 1) {
      const response = await config.engine(url, {
        method: request.method,
        headers,
        body: request.body,
        signal: controller.signal,
      });
      if (response.opaqueRedirect) {
        // A browser hides where a manual redirect leads; following it blindly could leak the token.
        throw new OneproviderRedirectError(
          `${request.method} ${describeUrl(url)} was redirected; redirects are not followed here`,
          {
            status: response.status,
            location: "",
            wid: call.wid,
          },
        );
      }
      const location = response.headers.get("location");
      if (!redirectStatuses.has(response.status) || location === null) {
        const body = await response.read();
        return {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          url,
          redirected: redirects > 0,
          body,
        };
      }
      await response.discard();
      const target = new URL(location, url);
      if (target.origin !== new URL(url).origin) {
        throw new OneproviderRedirectError(
          `${request.method} ${describeUrl(url)} was redirected (${response.status}) to another origin, ${describeUrl(target.href)}; ` +
            "it is not followed, so that the token is never sent there. Point the client at the new address if it is right",
          { status: response.status, location: describeUrl(target.href), wid: call.wid },
        );
      }
      if (redirects >= maxRedirects) {
        throw new OneproviderRedirectError(
          `${request.method} ${describeUrl(request.url)} was redirected more than ${maxRedirects} times`,
          {
            status: response.status,
            location: describeUrl(target.href),
            wid: call.wid,
          },
        );
      }
      url = target.href;
    }
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}

/** A URL as it may appear in a message: without credentials, query or fragment. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
