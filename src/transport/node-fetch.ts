import { OneproviderInvalidResponseError, OneproviderUsageError } from "../errors/error-classes.js";
import { describeUrl } from "./describe-url.js";
import { toHeaders, type FetchFunction } from "./http-engine.js";
import { nodeHttpEngine, type NodeHttpEngineOptions } from "./node-http-engine.js";

export interface NodeFetchOptions {
  /** PEM certificate(s) of the CA that signed the provider's certificate (a private CA, or a self-signed one). */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /**
   * Accept any certificate. Only for a test provider: anyone on the path can then read the token.
   * Must be asked for explicitly; never a default.
   */
  insecure?: boolean | undefined;
}

/**
 * The TLS options, checked: `ca` (PEM) or an explicit `insecure: true`, not both. `who` names the
 * function in the message, `otherwise` what to use without either (or undefined: neither is needed).
 */
export function checkTlsOptions(
  options: NodeFetchOptions | undefined,
  who: string,
  otherwise?: string,
): NodeHttpEngineOptions {
  const { ca, insecure = false } = options ?? {};
  if (insecure !== true && insecure !== false)
    throw new OneproviderUsageError(`${who}: insecure must be true or false`);
  if (ca === undefined && !insecure) {
    if (otherwise === undefined) return {};
    throw new OneproviderUsageError(
      `${who} needs ca (PEM) or insecure: true; without either, use ${otherwise}`,
    );
  }
  if (ca !== undefined && insecure)
    throw new OneproviderUsageError("pass either ca or insecure: true, not both");
  if (
    ca !== undefined &&
    !(Array.isArray(ca) ? ca : [ca]).every((item) => String(item).includes("-----BEGIN CERTIFICATE-----"))
  ) {
    throw new OneproviderUsageError("ca must be PEM text with -----BEGIN CERTIFICATE-----");
  }
  return insecure ? { insecure } : { ca };
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);
const neverAborted = new AbortController().signal;

/**
 * A `fetch` for `createOneproviderClient({ fetch })` that trusts the given CA or, when asked
 * explicitly, any certificate. Built on `node:https`, so it needs no extra package. It never follows
 * redirects itself: the client does, same-origin only. Call `close()` when done, to free its
 * kept-alive connections.
 */
export function createNodeFetch(options: NodeFetchOptions): FetchFunction & { close(): void } {
  const engineOptions = checkTlsOptions(options, "createNodeFetch", "the default fetch");
  const engine = nodeHttpEngine(engineOptions);
  const nodeFetch = async (input: Request | string | URL, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? request?.headers).forEach((value, name) => (headers[name] = value));
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const body =
      init.body != null
        ? await new Response(init.body).arrayBuffer()
        : request && request.body
          ? await request.arrayBuffer()
          : null;
    const url = request ? request.url : (input as string | URL).toString();
    const response = await engine(url, {
      method,
      headers,
      body,
      signal: init.signal ?? request?.signal ?? neverAborted,
    });
    // A Response cannot hold a status above 599; undici's fetch would hand it back, and the client
    // refuses it as an invalid answer, so this says the same rather than fail as a network error.
    // node:http hands no final answer under 200 (1xx are interim, 101 an upgrade).
    if (response.status > 599) {
      await response.discard();
      throw new OneproviderInvalidResponseError(
        `${method} ${describeUrl(url)}: HTTP status ${response.status} is not one HTTP defines`,
        { status: response.status },
      );
    }
    // The body stays a stream, read by whoever reads the Response (the client, with its size limit).
    return new Response(nullBodyStatuses.has(response.status) ? null : toReadableStream(response.stream()), {
      status: response.status,
      statusText: response.statusText,
      headers: toHeaders(response.headers),
    });
  };
  return Object.assign(nodeFetch, { close: () => engine.close() });
}

/** An engine's chunks as the ReadableStream a Response wants; cancelling it stops the reading. */
function toReadableStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      // The engines' streams are async generators, which have return().
      await iterator.return!();
    },
  });
}
