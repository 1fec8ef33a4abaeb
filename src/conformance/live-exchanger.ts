import type { HttpEngine } from "../transport/http-engine.js";
import type { AuthScheme } from "../transport/token.js";
import { redactorOf } from "../errors/redact.js";
import { BAD_TOKEN, KEPT_RESPONSE_HEADERS, type Exchanger, type ExchangeResponse } from "./exchange.js";

export interface LiveExchangerOptions {
  /** The API base, `https://host/api/v3/oneprovider`. */
  baseUrl: string;
  token: string;
  authScheme: AuthScheme;
  engine: HttpEngine;
  /** Time allowed to each exchange, answer and body. */
  timeoutMs: number;
  /** What is read of one body at most; a longer one is cut (a dump may be endless). */
  maxBodyBytes: number;
  userAgent: string;
}

/**
 * Sends each request as it is asked for: no retry, no redirect followed, no header added but the
 * token's and the user-agent, so that what the provider answers is what the report shows.
 */
export function liveExchanger(options: LiveExchangerOptions): Exchanger {
  const tokenHeader = (token: string): Record<string, string> =>
    options.authScheme === "bearer" ? { authorization: `Bearer ${token}` } : { "x-auth-token": token };
  // Nothing the run keeps, reports or records holds the token, even if the provider echoes it.
  const redact = redactorOf(options.token);
  return async (request) => {
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error(`no complete answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    try {
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": options.userAgent,
        ...request.headers,
        ...(request.auth === "token" && tokenHeader(options.token)),
        ...(request.auth === "bad-token" && tokenHeader(BAD_TOKEN)),
      };
      const body = request.body === undefined ? null : new TextEncoder().encode(request.body).buffer;
      const response = await options.engine(options.baseUrl + request.path, {
        method: request.method,
        headers,
        body,
        signal: abort.signal,
      });
      const kept: Record<string, string> = {};
      for (const name of KEPT_RESPONSE_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) kept[name] = redact(value);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of response.stream()) {
        const room = options.maxBodyBytes - size;
        chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.byteLength, room);
        if (chunk.byteLength > room) {
          truncated = true;
          break;
        }
      }
      const text = redact(new TextDecoder().decode(Buffer.concat(chunks)));
      const answer: ExchangeResponse = { status: response.status, headers: kept, body: text };
      if (truncated) answer.truncated = true;
      return { response: answer };
    } catch (error) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
      const code = (reason as { code?: unknown }).code;
      return {
        noAnswer: true,
        error: redact(
          `${reason instanceof Error ? reason.message : String(reason)}${typeof code === "string" ? ` (${code})` : ""}`,
        ),
      };
    } finally {
      clearTimeout(timer);
    }
  };
}
