import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { EngineResponse, HttpEngine } from "./http-engine.js";

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
        headers,
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
        const release = () => signal.removeEventListener("abort", onAbort);
        // Read on demand: the transport asks for the body (whole, or as a stream) at once, before
        // any I/O event can pass, and a stream must not be buffered whole behind its reader's back.
        let bodyRead: Promise<string> | undefined;
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? "",
          headers: nodeHeaders(response),
          url,
          opaqueRedirect: false,
          read: () => (bodyRead ??= collect(response, signal).finally(release)),
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

/** The whole body; a connection closed before its end is an ECONNRESET, as undici reports it. */
function collect(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.once("end", () => {
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    response.once("error", (error) => reject(signal.aborted ? signal.reason : error));
    response.once("close", () => {
      if (response.complete) return;
      if (signal.aborted) return reject(signal.reason);
      reject(cutShort());
    });
  });
}

/** The body as it arrives; a connection closed before its end is an ECONNRESET, as for `read()`. */
async function* chunksOf(
  response: IncomingMessage,
  signal: AbortSignal,
  release: () => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of response) yield chunk as Uint8Array;
    if (!response.complete) throw cutShort();
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  } finally {
    release();
    // A reader that stopped early leaves the rest unread: drop the connection rather than read it.
    if (!response.complete) response.destroy();
  }
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
