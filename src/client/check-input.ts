import { REQUIRED_BODY_FIELDS, type InputRule, type OperationId } from "../../generated/operations.js";
import { OneproviderUsageError } from "../errors/error-classes.js";

/**
 * A value checked against the spec's rule for it: an integer within its bounds, or a string of its
 * least length. Only what a required field or a page size can be; the server judges the rest.
 */
export function checkRule(name: string, rule: InputRule, value: unknown): void {
  const { minimum = 1, maximum } = rule;
  if (rule.type === "integer") {
    if (
      !Number.isSafeInteger(value) ||
      (value as number) < minimum ||
      (value as number) > (maximum ?? Infinity)
    )
      throw new OneproviderUsageError(
        `${name} must be an integer ${maximum ? `from ${minimum} to ${maximum}` : `of at least ${minimum}`}`,
      );
  } else if (typeof value !== "string" || value.length < (rule.minLength ?? 0))
    throw new OneproviderUsageError(`${name} must be a ${rule.minLength ? "non-empty " : ""}string`);
}

/**
 * An operation's body checked before anything is sent: an object whose required fields each pass
 * their rule in the spec, so that a request that cannot be right is a usage error naming the field.
 * Optional fields and query parameters go as given: the server answers what is wrong with them with
 * its own error id.
 */
export function checkInput(operationId: OperationId, input: { body?: unknown }): void {
  const required = REQUIRED_BODY_FIELDS[operationId];
  if (!required) return;
  if (typeof input.body !== "object" || input.body === null)
    throw new OneproviderUsageError(`${operationId} needs { ${Object.keys(required).join(", ")} }`);
  for (const name in required)
    checkRule(name, required[name]!, (input.body as Record<string, unknown>)[name]);
}
