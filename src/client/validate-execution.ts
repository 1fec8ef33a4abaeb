import { validateAtmWorkflowExecutionDetails } from "../../generated/validate-workflow-execution.js";
import type { ValidationResult } from "./options.js";
import type { ValidationIssue } from "../errors/error-classes.js";

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; type?: string | string[] };
}

function toIssue(error: AjvError): ValidationIssue {
  // Ajv names the missing key of every "required" error.
  if (error.keyword === "required") {
    return { path: `${error.instancePath}/${error.params.missingProperty}`, message: "is missing" };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/**
 * Checks a body against the spec's execution schema, the way the server's answers are described.
 * Forward compatible: a status or run type this version does not know, and keys it does not know,
 * pass; wrong types and missing keys fail, each with its JSON Pointer path.
 *
 * Pass it to `createOneproviderClient({ validate: validateWorkflowExecution })`; code that does not
 * import it does not carry it.
 */
export function validateWorkflowExecution(body: unknown): ValidationResult {
  if (validateAtmWorkflowExecutionDetails(body)) return { ok: true };
  // Ajv sets errors whenever validation fails.
  const { errors } = validateAtmWorkflowExecutionDetails as unknown as { errors: AjvError[] };
  return { ok: false, issues: errors.map(toIssue) };
}
