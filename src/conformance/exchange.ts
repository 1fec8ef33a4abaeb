import type { OperationId } from "../api/operation-table.js";

/**
 * One request of the conformance run, as the suite asks for it. `auth` says which token it carries:
 * the user's, none (a guest, or a public route), or a made-up one (the bad-token probe). `path` is
 * what follows the API base (`/api/v3/oneprovider`), query included.
 */
export interface ExchangeRequest {
  /** The check it belongs to. */
  check: string;
  operationId: OperationId;
  method: string;
  path: string;
  auth: "token" | "none" | "bad-token";
  /** Accept and Content-Type, when the check sets them (the default Accept is JSON). */
  headers?: Record<string, string>;
  body?: string;
}

/** What came back: the status, the headers that matter here (lower-case), and the body as text. */
export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body was longer than the tool reads: `body` is its start. */
  truncated?: true;
}

/** An answer, or why there was none (connection refused, timeout, TLS, a request not in a recording). */
export type ExchangeResult = { response: ExchangeResponse } | { error: string; noAnswer: true };

/** Sends one request of the run: over HTTP, from a recording, or through a recorder. */
export type Exchanger = (request: ExchangeRequest) => Promise<ExchangeResult>;

/** The token of the bad-token probe: not a secret, and recorded as it is. */
export const BAD_TOKEN = "conformance-probe-not-a-token";

/** The response headers a check reads and a recording keeps. */
export const KEPT_RESPONSE_HEADERS = [
  "content-type",
  "content-disposition",
  "location",
  "allow",
  "retry-after",
] as const;
