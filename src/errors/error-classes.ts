import type { ErrorContext, ErrorDetails, ErrorId } from "./error-body.js";

/** One problem found by runtime validation: where in the body, and what is wrong there. */
export interface ValidationIssue {
  /** A JSON Pointer into the response body, such as `/lanes/0/runs/1/runNumber` (`""` is the root). */
  path: string;
  message: string;
}

export interface OneproviderErrorOptions {
  cause?: unknown;
  /** The spec's id of the operation the call was (`getWorkflowExecutionDetails`, …), when there was one. */
  operationId?: string | undefined;
  /** The call's path parameters, such as `{ wid }`. */
  pathParameters?: Readonly<Record<string, string>> | undefined;
  /** The workflow execution the call was about; by default the `wid` path parameter. */
  wid?: string | undefined;
}

/**
 * Marks this package's errors, of any installed copy: `instanceof` sees only the classes of its own
 * copy, and monorepos and linked packages often have two. Registered with Symbol.for, so every copy
 * makes the same symbol; the value names the kind.
 */
const brand = Symbol.for("oneprovider-atm-client.error");
type Branded = { [brand]?: unknown };

/**
 * The base class of every error this package throws. The caller's own abort is the one exception:
 * it rejects with the caller's `signal.reason`, untouched.
 *
 * No error ever holds the access token: not in its message, its fields, its `cause` chain, nor
 * `JSON.stringify(error)`.
 */
export class OneproviderError extends Error {
  override name = "OneproviderError";
  /** The spec's id of the operation the call was, when the error comes from one. */
  readonly operationId: string | undefined;
  /** The workflow execution the call was about, when there was one. */
  readonly wid: string | undefined;

  constructor(message: string, options: OneproviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = options.operationId;
    this.wid = options.wid ?? options.pathParameters?.["wid"];
  }

  /** The error's own fields, for logs: `JSON.stringify(error)` would otherwise give `{}`. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    // The cause is never among them: Error makes it a non-enumerable property.
    for (const [key, value] of Object.entries(this)) if (value !== undefined) fields[key] = value;
    return fields;
  }
}

/** A bad argument or option, found before any request is sent. */
export class OneproviderUsageError extends OneproviderError {
  override name = "OneproviderUsageError";
}

/** The server answered with an HTTP error status. */
export class OneproviderApiError extends OneproviderError {
  override name = "OneproviderApiError";
  readonly status: number;
  /** The Onedata `error.id`, such as `notFound`; `undefined` when the body is not an Onedata envelope. */
  readonly errorId: ErrorId | undefined;
  readonly description: string | undefined;
  readonly details: ErrorDetails | undefined;
  /** Where the error was raised; only recent servers send it, and it may be `null`. */
  readonly ctx: ErrorContext | undefined;
  /** The start of a body that is not an Onedata envelope (an HTML page from a proxy, say). */
  readonly bodyExcerpt: string | undefined;
  /**
   * The answer's headers by lower-case name, read-only, without those that carry credentials
   * (`authorization`, `x-auth-token`, cookies). For what the error's own fields do not give: the
   * `retry-after` of a 429 or 503 once the client's retries are spent, or a proxy's request id to
   * quote in a report. Empty for an error made without an answer's headers.
   */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    message: string,
    fields: {
      status: number;
      errorId?: ErrorId | undefined;
      description?: string | undefined;
      details?: ErrorDetails | undefined;
      ctx?: ErrorContext | undefined;
      bodyExcerpt?: string | undefined;
      headers?: Readonly<Record<string, string>> | undefined;
    } & OneproviderErrorOptions,
  ) {
    super(message, fields);
    this.headers = fields.headers ?? Object.freeze({});
    this.status = fields.status;
    this.errorId = fields.errorId;
    this.description = fields.description;
    this.details = fields.details;
    this.ctx = fields.ctx;
    this.bodyExcerpt = fields.bodyExcerpt;
  }
}

/** What kind of network failure: worth telling apart, since each has its own fix. */
export type NetworkFailureKind = "refused" | "reset" | "dns" | "tls" | "plain-http" | "other";

/**
 * No HTTP answer could be had: connection refused or reset, name not found, TLS refused, or TLS
 * spoken to a port that answers in plain HTTP (`plain-http`).
 */
export class OneproviderNetworkError extends OneproviderError {
  override name = "OneproviderNetworkError";
  readonly kind: NetworkFailureKind;
  /** The system's error code, such as `ECONNREFUSED` or `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly code: string | undefined;

  constructor(
    message: string,
    fields: { kind: NetworkFailureKind; code?: string | undefined } & OneproviderErrorOptions,
  ) {
    super(message, fields);
    this.kind = fields.kind;
    this.code = fields.code;
  }
}

/** An attempt took longer than its `timeoutMs`, or a wait ran out of time. */
export class OneproviderTimeoutError extends OneproviderError {
  override name = "OneproviderTimeoutError";
  readonly timeoutMs: number;

  constructor(message: string, fields: { timeoutMs: number } & OneproviderErrorOptions) {
    super(message, fields);
    this.timeoutMs = fields.timeoutMs;
  }
}

/** A successful status with a body that is not what the server sends: not JSON, or not valid. */
export class OneproviderInvalidResponseError extends OneproviderError {
  override name = "OneproviderInvalidResponseError";
  readonly status: number;
  /** What runtime validation found wrong, when it was enabled; empty for a body that is not JSON. */
  readonly issues: readonly ValidationIssue[];
  readonly bodyExcerpt: string | undefined;

  constructor(
    message: string,
    fields: {
      status: number;
      issues?: readonly ValidationIssue[];
      bodyExcerpt?: string | undefined;
    } & OneproviderErrorOptions,
  ) {
    super(message, fields);
    this.status = fields.status;
    this.issues = fields.issues ?? [];
    this.bodyExcerpt = fields.bodyExcerpt;
  }
}

/**
 * A body larger than the client's `maxResponseBytes`: the rest was not read, and the call is not
 * repeated, since the same request would bring the same body.
 */
export class OneproviderResponseTooLargeError extends OneproviderInvalidResponseError {
  override name = "OneproviderResponseTooLargeError";
  /** The limit the body went over, in bytes. */
  readonly limitBytes: number;

  constructor(message: string, fields: { status: number; limitBytes: number } & OneproviderErrorOptions) {
    super(message, fields);
    this.limitBytes = fields.limitBytes;
  }
}

/** A redirect the client refused to follow, because it leads to another origin. */
export class OneproviderRedirectError extends OneproviderError {
  override name = "OneproviderRedirectError";
  readonly status: number;
  /** Where the server tried to send the request. */
  readonly location: string;

  constructor(message: string, fields: { status: number; location: string } & OneproviderErrorOptions) {
    super(message, fields);
    this.status = fields.status;
    this.location = fields.location;
  }
}

Object.defineProperty(OneproviderError.prototype, brand, { value: "error" });
Object.defineProperty(OneproviderApiError.prototype, brand, { value: "api" });

/**
 * Whether `error` is an error this package threw, from this installed copy or any other: narrows an
 * `unknown` from a `catch`.
 */
export function isOneproviderError(error: unknown): error is OneproviderError {
  return (
    error instanceof OneproviderError ||
    (error instanceof Error && ["error", "api"].includes((error as Branded)[brand] as string))
  );
}

/**
 * Whether `error` is an HTTP error answer of the API, and, given `errorId`, one with that Onedata id:
 * narrows an `unknown` from a `catch`. `isOneproviderApiError(error, "atmWorkflowExecutionNotEnded")`.
 * True for the errors of any installed copy of the package.
 *
 * @example
 * ```ts
 * import { createOneproviderClient, isOneproviderApiError } from "oneprovider-atm-client";
 *
 * const client = createOneproviderClient({ host: "provider.example.org", token: process.env.ONEPROVIDER_API_KEY });
 * try {
 *   await client.pauseWorkflowExecution("7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b");
 * } catch (error) {
 *   if (isOneproviderApiError(error, "atmWorkflowExecutionEnded")) console.log("it has ended already");
 *   else throw error;
 * }
 * ```
 */
export function isOneproviderApiError(error: unknown): error is OneproviderApiError;
export function isOneproviderApiError<const I extends ErrorId>(
  error: unknown,
  errorId: I,
): error is OneproviderApiError & { readonly errorId: I };
export function isOneproviderApiError(error: unknown, errorId?: string): boolean {
  const api =
    error instanceof OneproviderApiError || (error instanceof Error && (error as Branded)[brand] === "api");
  return api && (errorId === undefined || (error as OneproviderApiError).errorId === errorId);
}
