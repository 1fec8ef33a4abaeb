import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import { pipeline, type Transform } from "node:stream";
import { onAbort } from "./abort-listeners.js";
import type { EngineResponse, HttpEngine } from "./http-engine.js";
import { collectChunks } from "./read-body.js";

export interface NodeHttpEngineOptions {
  /** PEM certificate(s) of the CA to trust for https. */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** Accept any certificate (a test provider only). */
  insecure?: boolean | undefined;
}

/**
 * The transport's engine over `node:http` and `node:https`. In Node 20 the first `fetch()` of a
 * process loads undici, which costs more than a whole one-shot request; a command-line tool run in
 * shell loops should not pay it. Connections are kept alive for repeated polls; `close()` frees them.
 */
export function nodeHttpEngine(options: NodeHttpEngineOptions = {}): HttpEngine & { close(): void } {
  const httpAgent = new HttpAgent({ keepAlive: true });
  // node:https (with tls and crypto) is loaded only for an https URL: a quarter of the tool's start-up
  // on plain http (a loopback mock).
  let https: { module: typeof import("node:https"); agent: HttpsAgent } | undefined;
  const httpsFor = () => {
    if (!https) {
      const module = process.getBuiltinModule("node:https");
      const agent = new module.Agent({
        keepAlive: true,
        // ca: undefined is the default CAs, as no ca is.
        ca: options.ca,
        ...(options.insecure && { rejectUnauthorized: false }),
      });
      https = { module, agent };
    }
    return https;
  };
  const engine: HttpEngine = (url, { method, headers, body, signal }) =>
    new Promise<EngineResponse>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const secure = url.startsWith("https:") ? httpsFor() : undefined;
      const request = (secure ? secure.module.request : httpRequest)(url, {
        method,
        headers,
        agent: secure ? secure.agent : httpAgent,
      });
      const release = onAbort(signal, () => {
        reject(signal.reason);
        request.destroy();
      });
      request.once("error", (error) => {
        release();
        reject(error);
      });
      request.once("response", (response) => {
        resolve({
          status: response.statusCode ?? 0,
          // node:http gives every response a statusMessage.
          statusText: response.statusMessage!,
          headers: nodeHeaders(response),
          url,
          opaqueRedirect: false,
          // Read on demand: the transport asks for the body at once, before any I/O event can pass.
          stream: () => chunksOf(response, signal, release),
          readAll: (limitBytes) =>
            isCompressed(response)
              ? collectChunks(chunksOf(response, signal, release), limitBytes)
              : collect(response, signal, limitBytes, release),
          // Dropped with its connection: a body too large to read must not be downloaded to nowhere,
          // and the other bodies dropped (a redirect's) are rare enough to cost a new connection.
          discard: () => {
            release();
            response.destroy();
          },
        });
      });
      request.end(body === null ? undefined : Buffer.from(body));
    });
  return Object.assign(engine, {
    close() {
      httpAgent.destroy();
      https?.agent.destroy();
    },
  });
}

/**
 * A plain body whole, read by events: each answer of `ls --long` is one small body, and two async
 * iterators in a row cost more than reading it.
 */
function collect(
  response: IncomingMessage,
  signal: AbortSignal,
  limitBytes: number,
  release: () => void,
): Promise<Uint8Array[] | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      release();
      response.destroy();
      resolve(undefined);
    });
    response.once("end", () => {
      release();
      resolve(chunks);
    });
    response.once("close", () => {
      // After "end" (or a body over the limit) the promise is settled; returning spares an Error per answer.
      // Stryker disable next-line ConditionalExpression: rejecting a settled promise changes nothing
      if (response.complete) return;
      release();
      reject(signal.aborted ? signal.reason : cutShort());
    });
  });
}

/**
 * Whether a body may need decoding, which only the general path (chunksOf) does. Only a fast path: a
 * plain body taken for a compressed one goes through chunksOf too, which leaves it as it came.
 */
const isCompressed = (response: IncomingMessage) =>
  // Stryker disable next-line all: a mutant here changes the speed of a read, never its result
  !/^\s*(identity)?\s*$/i.test(response.headers["content-encoding"] ?? "");

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
    // Node 20 throws "aborted" from the loop for a body cut short, so only a runtime that ends the loop
    // quietly comes here incomplete.
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: unreachable on Node 20 (see above)
    if (!response.complete) throw cutShort();
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  } finally {
    // A reader that stopped early leaves the rest unread; leaving the loop above destroyed the response
    // (and, through the pipeline, the decompressor), so its connection is dropped, not read to the end.
    // Released in any case: over a caller's signal (createNodeFetch) the wait is a listener on it.
    release();
  }
}

/**
 * A decompressor for the codings `fetch` undoes, so that both engines read a compressed body alike
 * (a server may compress unasked; this engine does not ask, as small JSON answers gain nothing), loaded
 * only when an answer is compressed; `undefined` for a plain body, or a coding left as it came.
 */
async function decompressorFor(coding: string | undefined): Promise<Transform | undefined> {
  const name = coding?.trim().toLowerCase();
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
