import type { IncomingMessage } from "node:http";
import { matchOperation, OPERATIONS, type OperationId } from "../api/operation-table.js";
import { errors } from "./errors.js";
import { accepts, presentedToken, type Answer } from "./http.js";
import { isError, parseBody, sanitize, sanitizeQuery, type Fields } from "./sanitize.js";
import { OPTIONAL_BODY_FIELDS, QUERY_RULES, REQUIRED_BODY_FIELDS } from "../../generated/operations.js";

/** A request that passed the server's common checks, for its operation's handler. */
export interface RoutedRequest {
  operationId: OperationId;
  pathParameters: Record<string, string>;
  /** The sanitized body (or query fields of the same name), or the sanitized query of an operation that takes one. */
  fields: Fields;
  query: URLSearchParams;
  /** The token the request carried; undefined for a guest. */
  token: string | undefined;
  /** The Host the request was sent to, for the malformed Location of a schedule. */
  host: string | undefined;
}

/**
 * The server's order of checks (onedata-actions §0.1), for every route of the operation table: an
 * unknown path 404; a method the path does not have 405 with `allow` and no body; a token that is not
 * one 401; an Accept that excludes what the route produces 406; a body that is not JSON 415; the
 * body and the query, sanitized (400); a guest 401. What passes goes to the operation's handler.
 */
export function route(
  request: IncomingMessage,
  body: string,
  knownTokens: ReadonlySet<string>,
  apiPath: string,
): RoutedRequest | Answer {
  const url = new URL(request.url ?? "/", "http://mock");
  const path = url.pathname.startsWith(`${apiPath}/`) ? url.pathname.slice(apiPath.length) : undefined;
  const matched = path === undefined ? undefined : matchOperation(request.method ?? "", path);
  if (!matched) return { status: 404, body: { error: errors.notFound } };
  if ("allowed" in matched)
    return { status: 405, empty: true, headers: { allow: matched.allowed.sort().join(", ") } };
  const { operationId, pathParameters } = matched;
  // A public route (`security: []`, the provider's configuration) reads no token at all.
  if (OPERATIONS[operationId].public)
    return {
      operationId,
      pathParameters,
      fields: {},
      query: url.searchParams,
      token: undefined,
      host: request.headers.host,
    };
  const token = presentedToken(request);
  if (token !== undefined && !knownTokens.has(token))
    return { status: 401, body: { error: errors.badToken } };
  // What the route produces is the first type a client must send as Accept (JSON unless the spec says).
  const produces = (OPERATIONS[operationId].accept ?? "application/json").split(",")[0]!.trim();
  if (!accepts(request.headers.accept, produces)) return { status: 406, empty: true };
  let fields: Fields = {};
  if (REQUIRED_BODY_FIELDS[operationId]) {
    if (body !== "" && request.headers["content-type"] !== "application/json")
      return { status: 415, empty: true };
    const parsed = parseBody(body, url.searchParams);
    if (isError(parsed)) return { status: 400, body: { error: parsed } };
    const sanitized = sanitize(parsed, REQUIRED_BODY_FIELDS[operationId], OPTIONAL_BODY_FIELDS[operationId]);
    if (isError(sanitized)) return { status: 400, body: { error: sanitized } };
    fields = sanitized;
  }
  const queryRules = QUERY_RULES[operationId];
  if (queryRules) {
    const sanitized = sanitizeQuery(url.searchParams, queryRules);
    if (isError(sanitized)) return { status: 400, body: { error: sanitized } };
    fields = sanitized;
  }
  if (token === undefined) return { status: 401, body: { error: errors.unauthorized } };
  return { operationId, pathParameters, fields, query: url.searchParams, token, host: request.headers.host };
}
