import {
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderRedirectError,
  OneproviderResponseTooLargeError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "../errors/error-classes.js";
import { OPERATIONS, type OperationRoute } from "../../generated/operations.js";
import { toNetworkError } from "../errors/network-failure.js";
import { redactError, redactorOfAll, type Redact } from "../errors/redact.js";
import { onAbort } from "./abort-listeners.js";
import { describeUrl } from "./describe-url.js";
import { notify, type Hooks } from "./hooks.js";
import { resolveHeaders, type HeadersSource } from "./request-headers.js";
import type { EngineResponse, HttpEngine } from "./http-engine.js";
import { isTransient, retryDelayMs, type RetryPolicy } from "./retry.js";
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
  /** The caller's headers function, called for every attempt; its headers go after `defaultHeaders`. */
  headers: HeadersSource | undefined;
  /** Headers sent with every request: Node's `user-agent` unless the caller's say otherwise, and the caller's fixed ones. */
  defaultHeaders: Readonly<Record<string, string>>;
}

/** Which operation a call is: what its errors and hook events name. */
export interface OperationContext {
  /** The spec's operationId. */
  operationId: string;
  pathParameters: Readonly<Record<string, string>>;
}

/** What one call adds to the client's configuration. */
export interface CallContext {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  operation: OperationContext;
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

export type Send = (request: OutgoingRequest, call: CallContext) => Promise<CompletedResponse>;

/** Ends an attempt whose refreshed token is the one just rejected: the 401 stands. */
const sameTokenAgain = new Error();

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const idempotentMethods = new Set(["GET", "HEAD"]);

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
  /**
   * The tokens this client has sent, the latest last (a few at most): a server may echo a rejected or
   * rotated one in a later answer, and an error must hold none of them.
   */
  const sent = new SentTokens();
  return async function send(request, call) {
    const { method, url } = request;
    const { operationId } = call.operation;
    // Without a token the server answers 401, which reads like a bad token rather than a missing one:
    // an unset environment variable is the usual cause.
    const route = (OPERATIONS as Partial<Record<string, OperationRoute>>)[operationId];
    if (config.token === undefined && route && !route.public)
      throw new OneproviderUsageError(
        `${operationId} needs a token, and the client has none: pass token when you create it`,
      );
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const idempotent = idempotentMethods.has(method);
    const attempts = config.retry.retries + 1;
    // A string token asked again is the same string: no other token can come, and no second attempt.
    const canRefresh = typeof config.token === "function";
    /** After a 401: the token it carried, and the answer, which stands if no other token comes. */
    let rejected: { token: string | undefined; response: CompletedResponse } | undefined;
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      if (call.signal?.aborted) throw call.signal.reason;
      const event = { operationId, method, url, attempt };
      notify(hooks.onRequest, event);
      const started = performance.now();
      // Made only for an error. The count is named once a retry has been made: "attempt 1 of 3" on an
      // error that ends the call would promise attempts that never come.
      const what = () =>
        `${method} ${describeUrl(url)}${attempt > 1 ? ` (attempt ${attempt} of ${attempts + (refreshed ? 1 : 0)})` : ""}`;
      let response: CompletedResponse;
      let token: string | undefined;
      try {
        ({ response, token } = await attemptOnce(
          config,
          request,
          timeoutMs,
          call,
          event,
          what,
          rejected?.token,
          sent,
        ));
      } catch (caught) {
        if (caught === sameTokenAgain) return rejected!.response;
        const aborted = call.signal?.aborted === true;
        // attemptOnce throws typed errors only, or the caller's reason once the caller aborted.
        const error = (aborted ? call.signal!.reason : caught) as OneproviderError;
        notify(hooks.onError, { ...event, error, durationMs: performance.now() - started });
        if (aborted || attempt >= attempts + (refreshed ? 1 : 0) || !isTransient(error, idempotent))
          throw error;
        const delayMs = retryDelayMs(config.retry, attempt, null);
        notify(hooks.onRetry, { ...event, delayMs, reason: { error } });
        await sleep(delayMs, call.signal);
        continue;
      }
      rejected = undefined;
      notify(hooks.onResponse, {
        ...event,
        status: response.status,
        durationMs: performance.now() - started,
      });
      // A rejected token: ask the token function once for another, and send once more with it (the
      // server checks the token before it acts, so no method can have acted).
      if (response.status === 401 && canRefresh && !refreshed) {
        refreshed = true;
        rejected = { token, response };
        continue;
      }
      if (attempt >= attempts + (refreshed ? 1 : 0) || !isTransient(response, idempotent)) return response;
      const delayMs = retryDelayMs(config.retry, attempt, response.headers.get("retry-after"));
      notify(hooks.onRetry, { ...event, delayMs, reason: { status: response.status } });
      await sleep(delayMs, call.signal);
    }
  };
}

/** How many of the tokens a client has sent are redacted from every error: a rotation a day for weeks. */
const MAX_TOKENS_REMEMBERED = 16;

/** The tokens a client has sent, the latest last (a bounded few), and their redaction. */
class SentTokens {
  private readonly tokens = new Set<string | undefined>();
  /** Made when an error needs it, from every token sent by then: answers that succeed never pay for it. */
  readonly redact: Redact = (text) => redactorOfAll([...this.tokens])(text);

  /** The token of an attempt: now the latest; past the bound, the oldest is forgotten. */
  add(token: string | undefined): void {
    this.tokens.delete(token);
    this.tokens.add(token);
    if (this.tokens.size > MAX_TOKENS_REMEMBERED) this.tokens.delete(this.tokens.values().next().value);
  }
}

/** The abort reason of an attempt's own timer, told apart from the caller's abort by identity. */
// Told apart by identity; it never leaves the transport.
const timeoutReason = new Error();

/** A failed attempt's error, typed; what it keeps of a foreign error is redacted of the token. */
function typedFailure(
  caught: unknown,
  call: CallContext,
  what: string,
  timeoutMs: number,
  redact: Redact,
): OneproviderError {
  if (caught instanceof OneproviderError) return caught;
  if (caught === timeoutReason)
    return new OneproviderTimeoutError(`${what}: timed out after ${timeoutMs} ms`, {
      ...call.operation,
      timeoutMs,
    });
  return toNetworkError(redactError(caught, redact), what, call.operation);
}

/**
 * One attempt: its token (after a 401, the token function is asked for another, and the same one
 * again ends the attempt with `sameTokenAgain`), its headers, the request and its redirects, and the
 * whole body; with the token it sent.
 */
async function attemptOnce(
  config: TransportConfig,
  request: OutgoingRequest,
  timeoutMs: number,
  call: CallContext,
  event: { operationId: string; method: string; url: string; attempt: number },
  what: () => string,
  rejectedToken: string | undefined,
  sent: SentTokens,
): Promise<{ response: CompletedResponse; token: string | undefined }> {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(timeoutReason), timeoutMs);
  const callerSignal = call.signal;
  const stopWaiting = callerSignal && onAbort(callerSignal, () => abort.abort(callerSignal.reason));
  const cleanUp = () => {
    clearTimeout(timer);
    stopWaiting?.();
  };
  let handedOver = false;
  const redact = sent.redact;
  try {
    // Getting the token is part of the attempt: a token function that hangs meets the timeout and
    // the caller's abort like a server that does.
    const token = await untilAborted(resolveToken(config.token, rejectedToken !== undefined), abort.signal);
    if (rejectedToken !== undefined && token === rejectedToken) throw sameTokenAgain;
    sent.add(token);
    // The caller's headers cannot hold the token header or the request's own (checked when given).
    const headers = Object.assign({}, config.defaultHeaders);
    Object.assign(headers, await untilAborted(resolveHeaders(config.headers, event), abort.signal));
    Object.assign(headers, request.headers);
    setTokenHeader(headers, token, config.authScheme);
    let url = request.url;
    for (let redirects = 0; ; redirects += 1) {
      const response = await config.engine(url, {
        method: request.method,
        headers,
        body: request.body,
        signal: abort.signal,
      });
      const { status } = response;
      // A browser shows an opaque redirect with status 0: it is refused as a redirect, below.
      if ((status < 200 || status > 599) && !response.opaqueRedirect) {
        await response.discard();
        throw new OneproviderInvalidResponseError(
          `${what()}: HTTP status ${status} is not one HTTP defines`,
          { ...call.operation, status },
        );
      }
      const location = response.headers.get("location");
      if (!response.opaqueRedirect && (!redirectStatuses.has(status) || location === null)) {
        // A status under 200 was refused above.
        const streamed = request.stream === true && status < 300;
        const chunks = streamed ? [] : await readChunks(response, config.maxResponseBytes);
        if (chunks === undefined)
          throw new OneproviderResponseTooLargeError(
            `${what()}: HTTP ${status} with a body larger than maxResponseBytes (${config.maxResponseBytes} bytes); the rest was not read`,
            { ...call.operation, status, limitBytes: config.maxResponseBytes },
          );
        if (streamed) handedOver = true;
        const completed: CompletedResponse = {
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
        return { response: completed, token };
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
            : // Credentials the server wrote into the URL would go out as Authorization: Basic.
              target.username || target.password
              ? " to a URL with credentials in it: not followed"
              : redirects >= maxRedirects
                ? ` more than ${maxRedirects} times`
                : "";
      if (!target || refusal) {
        // The Location is the server's text: it may carry the token, in its path or its query.
        throw new OneproviderRedirectError(redact(`${what()}: redirected${refusal}`), {
          ...call.operation,
          status,
          location: target ? redact(describeUrl(target.href)) : redact(location ?? ""),
        });
      }
      url = target.href;
    }
  } catch (caught) {
    if (caught === sameTokenAgain) throw caught;
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
    // Not a URL: no target.
  }
  return undefined;
}

/** `promise`, or the abort's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => (stop(), resolve(value)),
      (error: unknown) => (stop(), reject(error)),
    );
  });
}
