import type { paths } from "../../generated/openapi.js";
import { toApiError } from "../errors/api-error.js";
import { OneproviderInvalidResponseError, OneproviderUsageError } from "../errors/error-classes.js";
import { excerpt, redactError } from "../errors/redact.js";
import type { CallContext, CompletedResponse, Send } from "../transport/send.js";

/** What every operation needs from its client: where the API is, and how to send. */
export interface ClientCore {
  baseUrl: string;
  send: Send;
}

/** What every call of an operation may add. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
}

type Method = "get" | "post" | "delete";
/** The paths that have an operation for `method`. */
type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];
type OperationOf<P extends keyof paths, M extends Method> = paths[P][M];
type Parameters<O> = O extends { parameters: infer X } ? X : never;
type JsonOf<C> = C extends { content: { "application/json": infer B } } ? B : never;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;

/** The parameters and body of an operation, exactly as the generated `paths` declare them. */
export type OperationInput<O> = (Parameters<O> extends { path: infer X extends object }
  ? { path: X }
  : { path?: undefined }) &
  (Parameters<O> extends { query?: infer Q extends object }
    ? { query?: { [K in keyof Q]?: Q[K] | undefined } }
    : { query?: undefined }) &
  (O extends { requestBody: infer B } ? { body: JsonOf<B> } : { body?: undefined });

/** The JSON of an operation's success answer (200 or 201), or `undefined` for a 204. */
export type OperationResult<O> =
  ResponsesOf<O> extends { 200: infer R }
    ? JsonOf<R>
    : ResponsesOf<O> extends { 201: infer R }
      ? JsonOf<R>
      : undefined;

/**
 * A path parameter travels as exactly one path segment. "." and ".." cannot: URL parsers resolve them
 * (encoded or not) as "this folder" and "the parent folder", so such a request would reach another
 * resource; nor can a lone UTF-16 surrogate, which has no encoding.
 */
function pathSegment(name: string, value: unknown): string {
  if (typeof value !== "string" || value === "" || value === "." || value === ".." || !value.isWellFormed())
    throw new OneproviderUsageError(
      `${name} must be a non-empty string other than "." and "..", not ${JSON.stringify(value)}`,
    );
  return encodeURIComponent(value);
}

const utf8 = new TextEncoder();

/**
 * Sends one operation of the API: builds the request from the generated `paths` (so a spec change
 * that breaks an operation breaks the build) and sends it through the transport. An HTTP error
 * answer becomes a typed error; a successful one is handed back with `what` names the call.
 */
export async function sendOperation<M extends Method, P extends PathsWith<M>>(
  core: ClientCore,
  method: M,
  path: P,
  input: OperationInput<OperationOf<P, M>>,
  call: CallOptions & { wid?: string | undefined; stream?: { accept: string } },
): Promise<CompletedResponse & { what: string }> {
  const pathValues = (input.path ?? {}) as Record<string, unknown>;
  let target = path.replace(/\{(\w+)\}/g, (_, name: string) => pathSegment(name, pathValues[name]));
  const query = Object.entries((input.query ?? {}) as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (query.length > 0) target += `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}`;
  const headers: Record<string, string> = { accept: call.stream?.accept ?? "application/json" };
  let body: ArrayBuffer | null = null;
  if (input.body !== undefined) {
    headers["content-type"] = "application/json";
    body = utf8.encode(JSON.stringify(input.body)).buffer as ArrayBuffer;
  }
  const verb = method.toUpperCase();
  const context: CallContext = { signal: call.signal, timeoutMs: call.timeoutMs, wid: call.wid };
  const response = await core.send(
    { method: verb, url: core.baseUrl + target, headers, body, stream: call.stream !== undefined },
    context,
  );
  const what = `${verb} ${decodeURI(target)}`;
  if (response.status < 200 || response.status > 299)
    throw toApiError(response.status, response.body, what, response.redact, call.wid);
  return { ...response, what };
}

/** Calls one operation: its answer's JSON value, `undefined` for a 204, or a typed error. */
export async function callOperation<M extends Method, P extends PathsWith<M>>(
  core: ClientCore,
  method: M,
  path: P,
  input: OperationInput<OperationOf<P, M>>,
  call: CallOptions & { wid?: string | undefined },
): Promise<OperationResult<OperationOf<P, M>>> {
  const response = await sendOperation(core, method, path, input, call);
  if (response.status === 204) return undefined as OperationResult<OperationOf<P, M>>;
  return parseJsonBody(response, call.wid) as OperationResult<OperationOf<P, M>>;
}

/** A successful answer's JSON value, or the invalid-response error for a body that is not JSON. */
export function parseJsonBody(response: CompletedResponse & { what: string }, wid?: string): unknown {
  try {
    return JSON.parse(response.body);
  } catch (error) {
    throw new OneproviderInvalidResponseError(
      `${response.what}: HTTP ${response.status} with a body that is not JSON`,
      {
        status: response.status,
        bodyExcerpt: excerpt(response.body, response.redact),
        wid,
        // A SyntaxError quotes the body, which may be an echo of the token.
        cause: redactError(error, response.redact),
      },
    );
  }
}
