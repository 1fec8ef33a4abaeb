import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { pipeline, type Transform } from "node:stream";
import type { EngineResponse, HttpEngine } from "./http-engine.js";

export interface NodeHttpEngineOptions {
  /** PEM certificate(s) of the CA to trust for https. */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** Accept any certificate (a test provider only). */
  insecure?: boolean | undefined;
}

/** The codings `fetch` offers and undoes; the answer is decompressed by `chunksOf`. */
const acceptEncoding = "gzip, deflate, br";

/**
 * The transport's engine over `node:http` and `node:https`. In Node 20 the first `fetch()` of a
 * process loads undici, which costs more than a whole one-shot request; a command-line tool run in
 * shell loops should not pay it. Connections are kept alive for repeated polls; `close()` frees them.
 */
export function nodeHttpEngine(options: NodeHttpEngineOptions = {}): HttpEngine & { close(): void } {
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({
    keepAlive: true,
    ...(options.ca !== undefined && { ca: options.ca }),
    ...(options.insecure && { rejectUnauthorized: false }),
  });
  const engine: HttpEngine = (url, { method, headers, body, signal }) =>
    new Promise<EngineResponse>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const secure = url.startsWith("https:");
      const request = (secure ? httpsRequest : httpRequest)(url, {
        method,
        headers: { "accept-encoding": acceptEncoding, ...headers },
        agent: secure ? httpsAgent : httpAgent,
      });
      const onAbort = () => {
        reject(signal.reason);
        request.destroy();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      request.once("error", (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      });
      request.once("response", (response) => {
        // Until the transport reads the body, a reset must not be an uncaught 'error': reading reports it.
        response.on("error", () => undefined);
        const release = () => signal.removeEventListener("abort", onAbort);
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? "",
          headers: nodeHeaders(response),
          url,
          opaqueRedirect: false,
          // Read on demand: the transport asks for the body at once, before any I/O event can pass.
          stream: () => chunksOf(response, signal, release),
          discard: () => {
            release();
            response.resume();
          },
        });
      });
      request.end(body === null ? undefined : Buffer.from(body));
    });
  return Object.assign(engine, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

/**
 * The body as it arrives, decompressed as `fetch` decompresses it; a connection closed before its end
 * is an ECONNRESET, as undici reports it.
 */
async function* chunksOf(
  response: IncomingMessage,
  signal: AbortSignal,
  release: () => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    const decompress = await decompressorFor(response.headers["content-encoding"]);
    const source: AsyncIterable<Uint8Array> = decompress
      ? pipeline(response, decompress, () => undefined)
      : response;
    try {
      for await (const chunk of source) yield chunk;
    } catch (error) {
      if (!response.complete) throw cutShort();
      throw error;
    }
    if (!response.complete) throw cutShort();
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  } finally {
    release();
    // A reader that stopped early leaves the rest unread: drop the connection rather than read it.
    if (!response.complete) response.destroy();
  }
}

/**
 * A decompressor for the codings `fetch` undoes (the request offers them, as `fetch` does), loaded
 * only when an answer is compressed; `undefined` for a plain body, or a coding left as it came.
 */
async function decompressorFor(coding: string | undefined): Promise<Transform | undefined> {
  const name = coding?.trim().toLowerCase();
  if (!name || name === "identity") return undefined;
  const zlib = await import("node:zlib");
  // Lenient flushes, as undici's: a body whose compressed stream lacks its very end is still read.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (name === "gzip" || name === "x-gzip") return zlib.createGunzip(flush);
  if (name === "deflate") return zlib.createInflate(flush);
  if (name === "br")
    return zlib.createBrotliDecompress({
      flush: zlib.constants.BROTLI_OPERATION_FLUSH,
      finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
    });
  return undefined;
}

const cutShort = () =>
  Object.assign(new Error("the connection closed before the body was complete"), { code: "ECONNRESET" });

function nodeHeaders(response: IncomingMessage): EngineResponse["headers"] {
  const value = (name: string): string | null => {
    const header = response.headers[name.toLowerCase()];
    return header === undefined ? null : Array.isArray(header) ? header.join(", ") : header;
  };
  return {
    get: value,
    forEach: (callback) => {
      for (const name of Object.keys(response.headers)) callback(value(name) as string, name);
    },
  };
}
