import type { components } from "../../generated/openapi.js";

/** The Onedata error ids the spec names (autocompleted), open to any other string a server sends. */
export type ErrorId = components["schemas"]["ErrorId"];
/** A Onedata error, the `error` member of every error body. */
export type ErrorJson = components["schemas"]["ErrorJson"];
/** The `details` of an error; `authError` is set on a 401 that says why the token was refused. */
export type ErrorDetails = components["schemas"]["ErrorDetails"];
/** Where an error was raised; only recent servers send it. */
export type ErrorContext = components["schemas"]["ErrorContext"];

export function isErrorJson(value: unknown): value is ErrorJson {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorJson).id === "string" &&
    typeof (value as ErrorJson).description === "string"
  );
}

/** The ErrorJson of an Onedata envelope `{"error": ErrorJson}`; anything else gives `undefined`. */
export function envelopeError(text: string): ErrorJson | undefined {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a fast path: JSON that is not an object has no error.
  if (!text.trimStart().startsWith("{")) return undefined;
  // Text that starts with "{" parses to an object, or throws.
  let body: { error?: unknown };
  try {
    body = JSON.parse(text) as { error?: unknown };
  } catch {
    return undefined;
  }
  return isErrorJson(body.error) ? body.error : undefined;
}
