import { toHeaders } from "./http-engine.js";
import type { CallContext, CompletedResponse, OutgoingRequest } from "./transport.js";

type Send = (request: OutgoingRequest, call: CallContext) => Promise<CompletedResponse>;

/**
 * The `fetch` given to openapi-fetch for `client.raw`: each Request goes through the transport, and
 * comes back as a Response whose body is already in memory.
 */
export function transportFetch(send: Send) {
  return async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const completed = await send(
      { method: request.method, url: request.url, headers, body },
      { signal: request.signal },
    );
    return bufferedResponse(completed);
  };
}

const utf8 = new TextEncoder();

/**
 * A Response whose body is already in memory. Built without a body stream, which would cost more than
 * the rest of the client's work: the readers answer from the buffer. The class is made on first use:
 * in Node 20, touching the global Response loads undici, which a caller that never uses `client.raw`
 * (the command-line tool) should not pay for.
 */
function makeBufferedResponseClass() {
  return class BufferedResponse extends Response {
    readonly #completed: CompletedResponse;

    constructor(completed: CompletedResponse) {
      const nullBody = completed.status === 204 || completed.status === 205 || completed.status === 304;
      super(nullBody ? null : "", {
        status: completed.status,
        statusText: completed.statusText,
        headers: toHeaders(completed.headers),
      });
      this.#completed = completed;
    }
    override get url() {
      return this.#completed.url;
    }
    override get redirected() {
      return this.#completed.redirected;
    }
    override async text() {
      return this.#completed.body;
    }
    override async json() {
      return JSON.parse(await this.text());
    }
    override async arrayBuffer() {
      return utf8.encode(this.#completed.body).buffer as ArrayBuffer;
    }
    override async bytes() {
      return utf8.encode(this.#completed.body);
    }
    override async blob() {
      return new Blob([this.#completed.body], { type: this.headers.get("content-type") ?? "" });
    }
    override clone(): Response {
      return new BufferedResponse(this.#completed);
    }
  };
}

let BufferedResponse: ReturnType<typeof makeBufferedResponseClass> | undefined;

function bufferedResponse(completed: CompletedResponse): Response {
  BufferedResponse ??= makeBufferedResponseClass();
  return new BufferedResponse(completed);
}
