import { toHeaders } from "./http-engine.js";
import type { Send } from "./send.js";

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * The transport seen as a `fetch`, for openapi-fetch in `oneprovider-atm-client/raw`: each Request goes
 * through the transport (token, timeouts, retry rules, redirects, hooks) and comes back as a Response
 * over the body the transport read, so every reader works, the body stream included.
 */
export function transportAsFetch(send: Send) {
  return async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const completed = await send(
      { method: request.method, url: request.url, headers, body: body && body.byteLength > 0 ? body : null },
      { signal: request.signal },
    );
    const response = new Response(nullBodyStatuses.has(completed.status) ? null : completed.body, {
      status: completed.status,
      statusText: completed.statusText,
      headers: toHeaders(completed.headers),
    });
    // A constructed Response has no URL of its own; give it the one the answer came from.
    Object.defineProperties(response, {
      url: { value: completed.url },
      redirected: { value: completed.redirected },
    });
    return response;
  };
}
