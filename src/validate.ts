/**
 * Opt-in runtime validation of what the server sends, generated from `openapi.yaml` by the
 * pipeline. Pass {@link validateWorkflowExecution} as the client's `validate` option; code that does
 * not import this entry does not carry the validator.
 *
 * @module oneprovider-atm-client/validate
 */
export { validateWorkflowExecution } from "./client/validate-execution.js";
// The types validateWorkflowExecution's signature names, importable from this entry too.
export type { ValidationResult } from "./client/options.js";
export type { ValidationIssue } from "./errors/error-classes.js";
