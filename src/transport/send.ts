import {
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderResponseTooLargeError,
  OneproviderTimeoutError,
} from "../errors/error-classes.js";
import { toNetworkError } from "../errors/network-failure.js";
import { redactError, redactorCache, type Redact } from "../errors/redact.js";
import { onAbort } from "./abort-listeners.js";
import { AttemptAbortController, type AttemptAbort } from "./attempt-abort.js";
import { describeUrl } from "./describe-url.js";
import { notify, type Hooks } from "./hooks.js";
import type { EngineResponse, HttpEngine } from "./http-engine.js";
import { isRepeatableStatus, retryDelayMs, type RetryPolicy } from "./retry.js";
import { decodeChunks, readChunks } from "./read-body.js";
import { sleep } from "./sleep.js";
import { resolveToken, setTokenHeader, type AuthScheme, type TokenSource } from "./token.js";

/** What the transport needs, checked once when the client was made. */
export interface TransportConfig {
  engine: HttpEngine;
  token: TokenSource | undefined;
  authScheme: AuthScheme;
  retry: RetryPolicy;
  timeoutMs: number;
  /** The largest body read whole; a streamed one is not limited. */
  maxResponseBytes: number;
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
/**
 * Failures after which the server certainly did not act: no connection was ever made. A TLS failure is
 * not among them, nor repeated at all: a certificate that is not trusted will not be on the next try.
 */
const neverConnected = new Set(["refused", "dns"]);

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
  const redactorFor = redactorCache();
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
        response = await attemptOnce(config, request, timeoutMs, call, what, redactorFor);
      } catch (caught) {
        const aborted = call.signal?.aborted === true;
        const error = aborted ? call.signal!.reason : typedFailure(caught, call, what(), timeoutMs);
        notify(hooks.onError, { ...event, error, durationMs: performance.now() - started });
        if (
          aborted ||
          attempt === attempts ||
          !(error instanceof OneproviderNetworkError) ||
          error.kind === "tls" ||
          !(idempotent || neverConnected.has(error.kind))
        )
          throw error;
        const delayMs = retryDelayMs(config.retry, attempt, null);
        notify(hooks.onRetry, { ...event, delayMs, reason: { error } });
        await sleep(delayMs, call.signal);
        continue;
      }
      // Built only for an observer: an object spread costs more than the rest of a request's bookkeeping.
      if (hooks.onResponse)
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

/** A failed attempt's error, typed; what it keeps of a foreign error is redacted of the token. */
function typedFailure(
  caught: unknown,
  call: CallContext,
  what: string,
  timeoutMs: number,
  redact: Redact = (text) => text,
): OneproviderError {
  if (caught instanceof OneproviderError) return caught;
  if (caught === timeoutReason)
    return new OneproviderTimeoutError(`${what} timed out after ${timeoutMs} ms`, {
      timeoutMs,
      wid: call.wid,
    });
  return toNetworkError(redactError(caught, redact), what, call.wid);
}

async function attemptOnce(
  config: TransportConfig,
  request: OutgoingRequest,
  timeoutMs: number,
  call: CallContext,
  what: () => string,
  redactorFor: (token: string | undefined) => Redact,
): Promise<CompletedResponse> {
  const abort = new AttemptAbortController();
  let timer = setTimeout(() => abort.abort(timeoutReason), timeoutMs);
  const callerSignal = call.signal;
  const stopWaiting = callerSignal && onAbort(callerSignal, () => abort.abort(callerSignal.reason));
  const cleanUp = () => {
    clearTimeout(timer);
    stopWaiting?.();
  };
  let handedOver = false;
  let redact: Redact = (text) => text;
  try {
    // Getting the token is part of the attempt: a token function that hangs meets the timeout and
    // the caller's abort like a server that does.
    const token =
      typeof config.token === "function"
        ? await untilAborted(resolveToken(config.token), abort)
        : config.token;
    redact = redactorFor(token);
    // Object.assign, not a spread: on every request, the spread measures twenty times slower.
    const headers = Object.assign({}, request.headers);
    setTokenHeader(headers, token, config.authScheme);
    let url = request.url;
    for (let redirects = 0; ; redirects += 1) {
      const response = await config.engine(url, {
        method: request.method,
        headers,
        body: request.body,
        abort,
      });
      const { status } = response;
      if (status < 200 || status > 599) {
        await response.discard();
        throw new OneproviderInvalidResponseError(
          `${what()}: HTTP status ${status} is not one HTTP defines`,
          { status, wid: call.wid },
        );
      }
      const location = response.headers.get("location");
      if (!response.opaqueRedirect && (!redirectStatuses.has(status) || location === null)) {
        const streamed = request.stream === true && status >= 200 && status < 300;
        const chunks = streamed ? [] : await readChunks(response, config.maxResponseBytes);
        if (chunks === undefined)
          throw new OneproviderResponseTooLargeError(
            `${what()}: HTTP ${status} with a body larger than maxResponseBytes (${config.maxResponseBytes} bytes); the rest was not read`,
            { status, limitBytes: config.maxResponseBytes, wid: call.wid },
          );
        if (streamed) handedOver = true;
        return {
          status,
          statusText: response.statusText,
          headers: response.headers,
          url,
          redirected: redirects > 0,
          body: decodeChunks(chunks),
          redact,
          ...(streamed && {
            // The timer now counts the wait for each chunk; the caller's abort still ends the stream.
            chunks: (async function* () {
              try {
                for (const iterator = response.stream()[Symbol.asyncIterator](); ;) {
                  clearTimeout(timer);
                  timer = setTimeout(() => abort.abort(timeoutReason), timeoutMs);
                  const next = await iterator.next();
                  if (next.done) return;
                  yield next.value;
                }
              } catch (caught) {
                throw callerSignal?.aborted
                  ? callerSignal.reason
                  : typedFailure(caught, call, what(), timeoutMs, redact);
              } finally {
                cleanUp();
                abort.abort();
              }
            })(),
          }),
        };
      }
      await response.discard();
      // A browser hides where a manual redirect leads (opaque): following it blindly could leak the token.
      const target = response.opaqueRedirect ? undefined : parseLocation(location!, url);
      const refusal = response.opaqueRedirect
        ? "; redirects are not followed here"
        : !target
          ? ` to a Location that is not a URL: not followed`
          : target.origin !== new URL(url).origin
            ? ` to another origin, ${describeUrl(target.href)}: not followed, so the token is not sent there`
            : redirects >= maxRedirects
              ? ` more than ${maxRedirects} times`
              : "";
      if (!target || refusal) {
        // The Location is the server's text: it may carry the token, in its path or its query.
        throw new OneproviderRedirectError(
          redact(`${request.method} ${describeUrl(request.url)} was redirected${refusal}`),
          {
            status,
            location: target ? redact(describeUrl(target.href)) : redact(location ?? ""),
            wid: call.wid,
          },
        );
      }
      url = target.href;
    }
  } catch (caught) {
    throw callerSignal?.aborted ? callerSignal.reason : typedFailure(caught, call, what(), timeoutMs, redact);
  } finally {
    if (!handedOver) cleanUp();
  }
}

/** A redirect's target, or `undefined` when the Location is not a URL. */
function parseLocation(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** `promise`, or the abort's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, abort: AttemptAbort): Promise<T> {
  if (abort.aborted) return Promise.reject(abort.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = abort.onAbort(() => reject(abort.reason));
    promise.then(
      (value) => (stop(), resolve(value)),
      (error: unknown) => (stop(), reject(error)),
    );
  });
}
