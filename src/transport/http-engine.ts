/**
 * The one thing the transport needs from an HTTP stack: send a request, hand back status, headers
 * and a way to read or drop the body. `fetch` provides it everywhere; `node:http` provides it in
 * Node without loading undici, for a command-line tool whose start-up time matters.
 */
export interface EngineRequest {
  method: string;
  headers: Record<string, string>;
  body: ArrayBuffer | null;
  /** The attempt's end: aborting it must reject the pending promise (and any body read) with its `reason`. */
  signal: AbortSignal;
}

export interface EngineResponse {
  status: number;
  statusText: string;
  headers: {
    get(name: string): string | null;
    forEach?(callback: (value: string, name: string) => void): void;
  };
  url: string;
  /** A browser's answer to a manual redirect: status 0, no Location. */
  opaqueRedirect: boolean;
  /**
   * The body as it arrives, decompressed (`content-encoding`). The transport reads every answer
   * through it, so that one limit and one decoding hold for every engine.
   */
  stream(): AsyncIterable<Uint8Array>;
  /**
   * The same chunks, all of them, or `undefined` once they pass `limitBytes` (the rest then unread):
   * an engine's faster way to what reading `stream()` whole gives, for the many small answers.
   */
  readAll?(limitBytes: number): Promise<Uint8Array[] | undefined>;
  discard(): Promise<void> | void;
}

export type HttpEngine = (url: string, request: EngineRequest) => Promise<EngineResponse>;

/** The engine's headers as a Headers object, for a Response built from them. */
export function toHeaders(headers: EngineResponse["headers"]): Headers {
  const result = new Headers();
  headers.forEach?.((value, name) => result.append(name, value));
  return result;
}

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** The engine over a `fetch`: redirects are left to the transport, which follows only same-origin ones. */
export function fetchEngine(fetchFunction: FetchFunction): HttpEngine {
  return async (url, { method, headers, body, signal }) => {
    const response = await fetchFunction(url, {
      method,
      headers,
      body,
      signal,
      redirect: "manual",
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      url: response.url || url,
      opaqueRedirect: response.type === "opaqueredirect",
      stream: () => chunksOf(response.body),
      readAll: (limitBytes) => readAllOf(response.body, limitBytes),
      discard: () => response.body?.cancel(),
    };
  };
}

/**
 * A body stream's chunks, all of them, or `undefined` once they pass `limitBytes` (the rest is then
 * cancelled).
 */
async function readAllOf(
  body: ReadableStream<Uint8Array> | null,
  limitBytes: number,
): Promise<Uint8Array[] | undefined> {
  const chunks: Uint8Array[] = [];
  if (!body) return chunks;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return chunks;
      size += next.value.byteLength;
      if (size > limitBytes) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(next.value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** A body stream's chunks; a reader that stops early cancels the rest. */
async function* chunksOf(
  body: ReadableStream<Uint8Array> | null,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Cancelling a stream read to its end does nothing; one left early is cancelled.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
