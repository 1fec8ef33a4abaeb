import { OneproviderRedirectError, OneproviderTimeoutError, OneproviderError } from "./errors.js";
import { toNetworkError } from "./network-failure.js";
import { isTransientStatus, retryDelayMs, type RetryPolicy } from "./retry.js";
import { sleep } from "./sleep.js";
import { resolveToken, setTokenHeader, type AuthScheme, type TokenSource } from "./token.js";

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface TransportConfig {
  fetch: FetchFunction;
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
  /** Called once per attempt; lets tests and benchmarks count them. */
  onAttempt?: ((attempt: number) => void) | undefined;
  /** Set to the token the call used, so that errors can redact it from what the server sent. */
  usedToken?: string | undefined;
}

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const idempotentMethods = new Set(["GET", "HEAD"]);

/**
 * Sends requests for the client: adds the token, times out each attempt, repeats transient failures,
 * follows same-origin redirects only, and reads the whole body inside the attempt so that a body cut
 * short or too slow is a failure of that attempt. Resolves with a Response whose body is in memory.
 *
 * The token is sent only to the origin of the request: a redirect to another origin is refused
 * (OneproviderRedirectError) rather than followed without it, since an API that moved is worth knowing.
 */
export function createTransport(config: TransportConfig) {
  return async function send(request: Request, call: CallContext = {}): Promise<Response> {
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const retries = idempotentMethods.has(request.method) ? config.retry.retries : 0;
    const what = `${request.method} ${describeUrl(request.url)}`;
    for (let attempt = 1; ; attempt += 1) {
      throwIfAborted(call.signal);
      call.onAttempt?.(attempt);
      const token = typeof config.token === "function" ? await resolveToken(config.token) : config.token;
      call.usedToken = token;
      let response: Response;
      try {
        response = await attemptOnce(config, request, token, timeoutMs, call);
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        if (error instanceof OneproviderError) throw error;
        if (error === timeoutReason) {
          throw new OneproviderTimeoutError(
            `${what} timed out after ${timeoutMs} ms (attempt ${attempt} of ${retries + 1})`,
            { timeoutMs, wid: call.wid },
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
  request: Request,
  token: string | undefined,
  timeoutMs: number,
  call: CallContext,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason), timeoutMs);
  const callerSignal = call.signal;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    // The request is this call's own (openapi-fetch builds one per call), so its headers can take the token.
    const headers = request.headers;
    setTokenHeader(headers, token, config.authScheme);
    const body = idempotentMethods.has(request.method) ? null : await request.clone().arrayBuffer();
    let url = request.url;
    for (let redirects = 0; ; redirects += 1) {
      const response = await config.fetch(url, {
        method: request.method,
        headers,
        body,
        signal: controller.signal,
        redirect: "manual",
      });
      if (response.type === "opaqueredirect") {
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
        return new BufferedResponse(response, await response.arrayBuffer());
      }
      await response.body?.cancel();
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

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/**
 * A Response whose body is already in memory. Built without a body stream, which would cost more than
 * the rest of the client's work: the readers answer from the buffer.
 */
class BufferedResponse extends Response {
  readonly #buffer: ArrayBuffer;
  readonly #url: string;
  readonly #redirected: boolean;
  #text: string | undefined;

  constructor(
    original: Pick<Response, "status" | "statusText" | "headers" | "url" | "redirected">,
    buffer: ArrayBuffer,
  ) {
    super(null, { status: original.status, statusText: original.statusText, headers: original.headers });
    this.#buffer = buffer;
    this.#url = original.url;
    this.#redirected = original.redirected;
  }
  override get url() {
    return this.#url;
  }
  override get redirected() {
    return this.#redirected;
  }
  override async text() {
    return (this.#text ??= utf8.decode(this.#buffer));
  }
  override async json() {
    return JSON.parse(await this.text());
  }
  override async arrayBuffer() {
    return this.#buffer.slice(0);
  }
  override async bytes() {
    return new Uint8Array(this.#buffer.slice(0));
  }
  override async blob() {
    return new Blob([this.#buffer], { type: this.headers.get("content-type") ?? "" });
  }
  override clone(): Response {
    return new BufferedResponse(this, this.#buffer);
  }
}

const utf8 = new TextDecoder();
