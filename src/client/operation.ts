import type { operations } from "../../generated/openapi.js";
import { OPERATIONS, type OperationId } from "../../generated/operations.js";
import { toApiError } from "../errors/api-error.js";
import { OneproviderInvalidResponseError } from "../errors/error-classes.js";
import { excerpt, redactError } from "../errors/redact.js";
import { fillPath } from "../api/path-segment.js";
import { checkInput } from "./check-input.js";
import type { CallContext, CompletedResponse, OperationContext, Send } from "../transport/send.js";

/** What every operation needs from its client: where the API is, and how to send. */
export interface ClientCore {
  baseUrl: string;
  send: Send;
  /** The client's `maxResponseBytes`: also the largest single entry of a streamed body. */
  maxResponseBytes: number;
}

/** What every call of an operation may add. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
}

/** The parameters and body of an operation, exactly as the generated `paths` declare them. */
export type OperationInput<O> = (O extends { parameters: { path: infer X extends object } }
  ? { path: X }
  : { path?: undefined }) &
  (O extends { parameters: { query?: infer Q extends object } }
    ? { query?: { [K in keyof Q]?: Q[K] | undefined } }
    : { query?: undefined }) &
  (O extends { requestBody: { content: { "application/json": infer B } } }
    ? { body: B }
    : { body?: undefined });

/** The JSON of an operation's success answer (200 or 201), or `undefined` for a 204. */
export type OperationResult<O> = O extends {
  responses: { 200: { content: { "application/json": infer B } } };
}
  ? B
  : O extends { responses: { 201: { content: { "application/json": infer B } } } }
    ? B
    : undefined;

const utf8 = new TextEncoder();

/** A successful answer, with what names the call, for messages (made only when one is needed). */
export type OperationResponse = CompletedResponse & { what: () => string; operation: OperationContext };

/**
 * Sends one operation of the API, named by its operationId: the method and path come from the
 * operation table the pipeline generates, the shape of the parameters and body from the generated
 * `operations` (so a spec change that breaks an operation breaks the build). An HTTP error answer
 * becomes a typed error; a successful one is handed back with `what`, which names the call.
 */
export function sendOperation<Id extends OperationId>(
  core: ClientCore,
  operationId: Id,
  input: OperationInput<operations[Id]>,
  call: CallOptions,
): Promise<OperationResponse> {
  return sendTableOperation(core, operationId, input, call);
}

/**
 * The same, for input built at run time from the operation table's parameter names (the command-line
 * tool's oneprovider-rest-cli forms), which has no static shape: the table and the generated types
 * come from the same spec.
 */
export function sendTableOperation(
  core: ClientCore,
  operationId: OperationId,
  input: { path?: object | undefined; query?: object | undefined; body?: unknown },
  call: CallOptions,
  stream = OPERATIONS[operationId].streamed === true,
): Promise<OperationResponse> {
  const { method, path, accept = "application/json" } = OPERATIONS[operationId];
  let target: string;
  try {
    target = targetOf(path, input);
  } catch (error) {
    return Promise.reject(error);
  }
  const headers: Record<string, string> = { accept };
  let body: ArrayBuffer | null = null;
  if (input.body !== undefined) {
    headers["content-type"] = "application/json";
    body = utf8.encode(JSON.stringify(input.body)).buffer;
  }
  const operation: OperationContext = {
    operationId,
    pathParameters: (input.path ?? {}) as Record<string, string>,
  };
  const context: CallContext = { signal: call.signal, timeoutMs: call.timeoutMs, operation };
  const what = () => `${method} ${decodeURI(target)}`;
  return core
    .send({ method, url: core.baseUrl + target, headers, body, stream }, context)
    .then((response) => {
      // The transport refused every status under 200.
      if (response.status > 299)
        throw toApiError(
          response.status,
          response.body,
          what(),
          response.redact,
          operation,
          response.headers,
        );
      return Object.assign(response, { what, operation });
    });
}

/** The path with its parameters, each one encoded segment, and the query. */
function targetOf(path: string, input: { path?: object | undefined; query?: object | undefined }): string {
  let target = fillPath(path, (input.path ?? {}) as Record<string, unknown>);
  if (input.query) {
    const query = Object.entries(input.query as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (query.length > 0) target += `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}`;
  }
  return target;
}

/**
 * Calls one operation, its query and body checked against the spec's rules first: its answer's JSON
 * value, `undefined` for a 204, or a typed error.
 */
export async function callOperation<Id extends OperationId>(
  core: ClientCore,
  operationId: Id,
  input: OperationInput<operations[Id]>,
  call: CallOptions,
): Promise<OperationResult<operations[Id]>> {
  checkInput(operationId, input);
  // Read whole, even where the operation streams: the caller wants its JSON value.
  const response = await sendTableOperation(core, operationId, input, call, false);
  if (response.status === 204) return undefined as OperationResult<operations[Id]>;
  return parseJsonBody(response) as OperationResult<operations[Id]>;
}

/** A successful answer's JSON value, or the invalid-response error for a body that is not JSON. */
export function parseJsonBody(response: OperationResponse): unknown {
  try {
    return JSON.parse(response.body);
  } catch (error) {
    throw new OneproviderInvalidResponseError(
      `${response.what()}: HTTP ${response.status} with a body that is not JSON`,
      {
        ...response.operation,
        status: response.status,
        bodyExcerpt: excerpt(response.body, response.redact),
        // A SyntaxError quotes the body, which may be an echo of the token.
        cause: redactError(error, response.redact),
      },
    );
  }
}
