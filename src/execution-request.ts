import type { paths } from "../generated/openapi.js";
import { excerpt, toApiError } from "./api-error.js";
import { OneproviderInvalidResponseError, OneproviderUsageError, type ValidationIssue } from "./errors.js";
import type { CallContext, CompletedResponse, OutgoingRequest } from "./transport.js";
import type { AtmWorkflowExecution } from "./types.js";

/** What a runtime validator says of a body; see `oneprovider-atm-client/validate`. */
export type ValidationResult = { ok: true } | { ok: false; issues: ValidationIssue[] };
export type ExecutionValidator = (body: unknown) => ValidationResult;

type Send = (request: OutgoingRequest, call: CallContext) => Promise<CompletedResponse>;

const executionPath = "/automation/execution/workflows/{wid}" satisfies keyof paths;

/**
 * A wid travels as exactly one path segment. "." and ".." cannot: URL parsers resolve them (encoded
 * or not) as "this folder" and "the parent folder", so such a request would reach another resource.
 */
function checkWid(wid: unknown): asserts wid is string {
  if (typeof wid !== "string" || wid === "") {
    throw new OneproviderUsageError(
      `wid must be a non-empty string, not ${wid === "" ? "an empty string" : typeof wid}`,
    );
  }
  if (wid === "." || wid === "..")
    throw new OneproviderUsageError(`wid "${wid}" cannot be sent as a path segment`);
  if (!wid.isWellFormed())
    throw new OneproviderUsageError("wid contains a lone UTF-16 surrogate and cannot be encoded");
}

/**
 * GET workflow execution details: one request through the transport, then the body read the way the
 * server writes it. Throws the typed errors of the public contract.
 */
export async function requestExecution(
  send: Send,
  baseUrl: string,
  wid: string,
  call: CallContext,
  validate: ExecutionValidator | undefined,
): Promise<AtmWorkflowExecution> {
  checkWid(wid);
  const url = baseUrl + executionPath.replace("{wid}", encodeURIComponent(wid));
  const response = await send(
    { method: "GET", url, headers: { accept: "application/json" }, body: null },
    call,
  );
  const text = response.body;
  if (response.status < 200 || response.status > 299)
    throw toApiError(response.status, text, wid, call.usedToken);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new OneproviderInvalidResponseError(
      `GET workflow execution "${wid}": the server answered ${response.status} with a body that is not JSON`,
      { status: response.status, bodyExcerpt: excerpt(text, call.usedToken), wid, cause: error },
    );
  }
  if (validate) {
    const result = validate(body);
    if (!result.ok) {
      const summary = result.issues.slice(0, 3).map((issue) => `${issue.path || "/"} ${issue.message}`);
      throw new OneproviderInvalidResponseError(
        `GET workflow execution "${wid}": the body does not match the spec: ${summary.join("; ")}` +
          (result.issues.length > 3 ? ` (and ${result.issues.length - 3} more)` : ""),
        { status: response.status, issues: result.issues, wid },
      );
    }
  }
  return body as AtmWorkflowExecution;
}
