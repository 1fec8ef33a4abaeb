import {
  OneproviderError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderTimeoutError,
} from "../errors/error-classes.js";
import { toNetworkError } from "../errors/network-failure.js";
import { redactorOf, type Redact } from "../errors/redact.js";
import { notify, type Hooks } from "./hooks.js";
import type { EngineResponse, HttpEngine } from "./http-engine.js";
import { isRepeatableStatus, retryDelayMs, type RetryPolicy } from "./retry.js";
import { sleep } from "./sleep.js";
import { resolveToken, setTokenHeader, type AuthScheme, type TokenSource } from "./token.js";

/** What the transport needs, checked once when the client was made. */
export interface TransportConfig {
  engine: HttpEngine;
  token: TokenSource | undefined;
  authScheme: AuthScheme;
  retry: RetryPolicy;
  timeoutMs: number;
  hooks: Hooks;
}

/** What one call adds to the client's configuration. */
export interface CallContext {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The execution the call is about, for the errors' `wid` field. */
  wid?: string | undefined;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: ArrayBuffer | null;
  /**
   * Hand a successful body over as a stream (`chunks`) instead of reading it whole. The attempt's
   * timeout then applies to the headers and to each wait for the next chunk.
   */
  stream?: boolean;
}

/** A complete answer: the body is in memory. */
export interface CompletedResponse {
  status: number;
  statusText: string;
  headers: EngineResponse["headers"];
  url: string;
  redirected: boolean;
  body: string;
  /** Takes the token this answer's request carried out of server-sent text, for errors. */
  redact: Redact;
  /** A successful body, when the request asked for a stream (`body` is then empty). */
  chunks?: AsyncIterable<Uint8Array>;
}

export type Send = (request: OutgoingRequest, call?: CallContext) => Promise<CompletedResponse>;

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const idempotentMethods = new Set(["GET", "HEAD"]);
/** Failures after which the server certainly did not act: no connection was ever made. */
const neverConnected = new Set(["refused", "dns", "tls"]);

/**
 * Sends requests for the client: adds the token, times out each attempt, repeats what the retry rules
 * allow, follows same-origin redirects only, and reads the whole body inside the attempt, so that a
 * body cut short or too slow is a failure of that attempt.
 *
 * The token is sent only to the origin of the request: a redirect to another origin is refused
 * (OneproviderRedirectError) rather than followed without it, since an API that moved is worth knowing.
 */
export function createTransport(config: TransportConfig): Send {
  const { hooks } = config;
  return async function send(request, call = {}) {
    const { method, url } = request;
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const idempotent = idempotentMethods.has(method);
    const attempts = config.retry.retries + 1;
    for (let attempt = 1; ; attempt += 1) {
      if (call.signal?.aborted) throw call.signal.reason;
      const event = { method, url, attempt };
      notify(hooks.onRequest, event);
      const started = performance.now();
      // Named only for an error: parsing the URL on every successful attempt would cost the hot path.
      const what = () => `${method} ${describeUrl(url)} (attempt ${attempt} of ${attempts})`;
      let response: CompletedResponse;
      try {
        response = await attemptOnce(config, request, timeoutMs, call, what);
      } catch (caught) {
        const aborted = call.signal?.aborted === true;
        const error = aborted ? call.signal!.reason : typedFailure(caught, call, what(), timeoutMs);
        notify(hooks.onError, { ...event, error, durationMs: performance.now() - started });
        if (
          aborted ||
          attempt === attempts ||
          !(error instanceof OneproviderNetworkError) ||
          !(idempotent || neverConnected.has(error.kind))
        )
          throw error;
        const delayMs = retryDelayMs(config.retry, attempt, null);
        notify(hooks.onRetry, { ...event, delayMs, reason: { error } });
        await sleep(delayMs, call.signal);
        continue;
      }
      notify(hooks.onResponse, {
        ...event,
        status: response.status,
        durationMs: performance.now() - started,
      });
      if (attempt === attempts || !isRepeatableStatus(response.status, idempotent)) return response;
      const delayMs = retryDelayMs(config.retry, attempt, response.headers.get("retry-after"));
      notify(hooks.onRetry, { ...event, delayMs, reason: { status: response.status } });
      await sleep(delayMs, call.signal);
    }
  };
}

/** The abort reason of an attempt's own timer, told apart from the caller's abort by identity. */
const timeoutReason = new Error("attempt timed out");

/** A failed attempt's error, typed. */
function typedFailure(caught: unknown, call: CallContext, what: string, timeoutMs: number): OneproviderError {
  if (caught instanceof OneproviderError) return caught;
  if (caught === timeoutReason)
    return new OneproviderTimeoutError(`${what} timed out after ${timeoutMs} ms`, {
      timeoutMs,
      wid: call.wid,
    });
  return toNetworkError(caught, what, call.wid);
}

async function attemptOnce(
  config: TransportConfig,
  request: OutgoingRequest,
  timeoutMs: number,
  call: CallContext,
  what: () => string,
): Promise<CompletedResponse> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
  const callerSignal = call.signal;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const cleanUp = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  };
  let handedOver = false;
  try {
    // Getting the token is part of the attempt: a token function that hangs meets the timeout and
    // the caller's abort like a server that does.
    const token =
      typeof config.token === "function"
        ? await untilAborted(resolveToken(config.token), controller.signal)
        : config.token;
    const redact = redactorOf(token);
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
      const location = response.headers.get("location");
      if (!response.opaqueRedirect && (!redirectStatuses.has(response.status) || location === null)) {
        const streamed = request.stream === true && response.status >= 200 && response.status < 300;
        if (streamed) handedOver = true;
        return {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          url,
          redirected: redirects > 0,
          body: streamed ? "" : await response.read(),
          redact,
          ...(streamed && {
            // The timer now counts the wait for each chunk; the caller's abort still ends the stream.
            chunks: (async function* () {
              try {
                for (const iterator = response.stream()[Symbol.asyncIterator](); ;) {
                  clearTimeout(timer);
                  timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
                  const next = await iterator.next();
                  if (next.done) return;
                  yield next.value;
                }
              } catch (caught) {
                throw callerSignal?.aborted
                  ? callerSignal.reason
                  : typedFailure(caught, call, what(), timeoutMs);
              } finally {
                cleanUp();
                controller.abort();
              }
            })(),
          }),
        };
      }
      await response.discard();
      // A browser hides where a manual redirect leads (opaque): following it blindly could leak the token.
      const target = response.opaqueRedirect ? undefined : new URL(location!, url);
      const refusal = !target
        ? "; redirects are not followed here"
        : target.origin !== new URL(url).origin
          ? ` to another origin, ${describeUrl(target.href)}: not followed, so the token is not sent there`
          : redirects >= maxRedirects
            ? ` more than ${maxRedirects} times`
            : "";
      if (!target || refusal) {
        throw new OneproviderRedirectError(
          `${request.method} ${describeUrl(request.url)} was redirected${refusal}`,
          {
            status: response.status,
            location: target ? describeUrl(target.href) : "",
            wid: call.wid,
          },
        );
      }
      url = target.href;
    }
  } finally {
    if (!handedOver) cleanUp();
  }
}

/** `promise`, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

/** A URL as it may appear in a message: without credentials, query or fragment. */
export function describeUrl(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}
