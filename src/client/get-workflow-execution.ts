import { OneproviderInvalidResponseError } from "../errors/error-classes.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import { parseJsonBody, sendOperation, type CallOptions, type ClientCore } from "./operation.js";
import type { ExecutionValidator } from "./options.js";

/** GET workflow execution details, checked by `validate` when the client has one. */
export async function getWorkflowExecution(
  core: ClientCore & { validate: ExecutionValidator | undefined },
  wid: string,
  call: CallOptions,
): Promise<AtmWorkflowExecution> {
  const response = await sendOperation(
    core,
    "getWorkflowExecutionDetails",
    { path: { wid } },
    // Named fields, not a spread: this is the call that `ls --long` and every poll make.
    { signal: call.signal, timeoutMs: call.timeoutMs },
  );
  const body = parseJsonBody(response) as AtmWorkflowExecution;
  // Not even an object cannot be an execution, whether or not the caller validates.
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new OneproviderInvalidResponseError(`${response.what()}: the body is not a JSON object`, {
      ...response.operation,
      status: 200,
    });
  const result = core.validate?.(body);
  if (result && !result.ok) {
    // A path names keys of the body, and a key is the server's text: it may echo the token.
    const issues = result.issues.map((issue) => ({
      path: response.redact(issue.path),
      message: response.redact(issue.message),
    }));
    const shown = issues.slice(0, 3).map((issue) => `${issue.path || "/"} ${issue.message}`);
    throw new OneproviderInvalidResponseError(
      `${response.what()}: the body does not match the spec: ${shown.join("; ")}` +
        (issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""),
      { ...response.operation, status: 200, issues },
    );
  }
  return body;
}
