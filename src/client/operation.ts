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

/** A path template split once into its literal parts and parameter names: `replace` per call costs more. */
type Template = { literals: string[]; names: string[] };
const templates = new Map<string, Template>();
function templateOf(path: string): Template {
  let template = templates.get(path);
  if (!template) {
    const parts = path.split(/\{(\w+)\}/);
    template = {
      literals: parts.filter((_, index) => index % 2 === 0),
      names: parts.filter((_, index) => index % 2 === 1),
    };
    templates.set(path, template);
  }
  return template;
}

/** A successful answer, with what names the call, for messages (made only when one is needed). */
export type OperationResponse = CompletedResponse & { what: () => string };

/**
 * Sends one operation of the API: builds the request from the generated `paths` (so a spec change
 * that breaks an operation breaks the build) and sends it through the transport. An HTTP error
 * answer becomes a typed error; a successful one is handed back with `what`, which names the call.
 * Not an async function: `callOperation` awaits the transport's promise itself, one step fewer for
 * every request.
 */
export function sendOperation<M extends Method, P extends PathsWith<M>>(
  core: ClientCore,
  method: M,
  path: P,
  input: OperationInput<OperationOf<P, M>>,
  call: CallOptions & { wid?: string | undefined; stream?: { accept: string } },
): Promise<OperationResponse> {
  let target: string;
  try {
    target = targetOf(path, input);
  } catch (error) {
    return Promise.reject(error);
  }
  const headers: Record<string, string> = { accept: call.stream?.accept ?? "application/json" };
  let body: ArrayBuffer | null = null;
  if (input.body !== undefined) {
    headers["content-type"] = "application/json";
    body = utf8.encode(JSON.stringify(input.body)).buffer as ArrayBuffer;
  }
  const verb = method.toUpperCase();
  const context: CallContext = { signal: call.signal, timeoutMs: call.timeoutMs, wid: call.wid };
  const what = () => `${verb} ${decodeURI(target)}`;
  return core
    .send(
      { method: verb, url: core.baseUrl + target, headers, body, stream: call.stream !== undefined },
      context,
    )
    .then((response) => {
      if (response.status < 200 || response.status > 299)
        throw toApiError(response.status, response.body, what(), response.redact, call.wid);
      return Object.assign(response, { what });
    });
}

/** The path with its parameters, each one encoded segment, and the query. */
function targetOf(path: string, input: { path?: object | undefined; query?: object | undefined }): string {
  const { literals, names } = templateOf(path);
  const values = (input.path ?? {}) as Record<string, unknown>;
  let target = literals[0]!;
  for (let index = 0; index < names.length; index += 1)
    target += pathSegment(names[index]!, values[names[index]!]) + literals[index + 1]!;
  if (input.query) {
    const query = Object.entries(input.query as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (query.length > 0) target += `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}`;
  }
  return target;
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
export function parseJsonBody(response: OperationResponse, wid?: string): unknown {
  try {
    return JSON.parse(response.body);
  } catch (error) {
    throw new OneproviderInvalidResponseError(
      `${response.what()}: HTTP ${response.status} with a body that is not JSON`,
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
