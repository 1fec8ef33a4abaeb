import createClient, { defaultPathSerializer, type Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { matchOperation } from "../api/operation-table.js";
import { pathSegment } from "../api/path-segment.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { toHeaders } from "../transport/http-engine.js";
import type { OperationContext, Send } from "../transport/send.js";
import { clientCores, type OneproviderClient } from "./create-client.js";

/** The openapi-fetch client typed by the generated `paths`. */
export type RawClient = Client<paths>;

const rawClients = new WeakMap<OneproviderClient, RawClient>();

/**
 * The openapi-fetch client over `client`'s transport (its token, timeouts, retries and hooks); the
 * same one for every call with that client.
 *
 * @example
 * ```ts
 * import { createOneproviderClient } from "oneprovider-atm-client";
 * import { rawClient } from "oneprovider-atm-client/raw";
 *
 * const client = createOneproviderClient({ host: "provider.example.org", token: process.env.ONEPROVIDER_API_KEY });
 * const { data, error, response } = await rawClient(client).GET("/automation/execution/workflows/{wid}", {
 *   params: { path: { wid: "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b" } },
 * });
 * console.log(response.status, data?.status ?? error);
 * ```
 */
export function rawClient(client: OneproviderClient): RawClient {
  const core = clientCores.get(client);
  if (!core) throw new OneproviderUsageError("rawClient needs a client made by createOneproviderClient");
  let raw = rawClients.get(client);
  if (!raw) {
    raw = createClient<paths>({
      baseUrl: core.baseUrl,
      fetch: transportAsFetch(core.send, core.baseUrl),
      pathSerializer: checkedPath,
    });
    rawClients.set(client, raw);
  }
  return raw;
}

/**
 * Each `{name}` of the path filled with one segment, as the named methods do: a missing, empty, "." or
 * ".." parameter is a usage error, where openapi-fetch would send `{wid}` as it is, or a URL that the
 * Request resolves to another resource (`…/workflows/..` is `…/execution/`).
 */
function checkedPath(path: string, parameters: Record<string, unknown>): string {
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) pathSegment(name!, parameters[name!]);
  return defaultPathSerializer(path, parameters);
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * The transport seen as a `fetch`, for openapi-fetch in `oneprovider-atm-client/raw`: each Request goes
 * through the transport (token, timeouts, retry rules, redirects, hooks) and comes back as a Response
 * over the body the transport read, so every reader works, the body stream included.
 */
function transportAsFetch(send: Send, baseUrl: string) {
  const basePath = new URL(baseUrl).pathname;
  return async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    // An empty body and none travel alike (Content-Length: 0 on a POST, over both engines).
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const completed = await send(
      { method: request.method, url: request.url, headers, body },
      { signal: request.signal, operation: operationOf(request, basePath) },
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

/** Which operation of the table a raw request is, for its errors and hook events. */
function operationOf(request: Request, basePath: string): OperationContext {
  const { pathname } = new URL(request.url);
  const matched = pathname.startsWith(basePath)
    ? matchOperation(request.method, pathname.slice(basePath.length))
    : undefined;
  return matched && "operationId" in matched
    ? matched
    : { operationId: `${request.method} ${pathname}`, pathParameters: {} };
}
