import type { Schema } from "../../generated/operations.js";
import type { components } from "../../generated/openapi.js";

/** The Onedata error ids the spec names (autocompleted), open to any other string a server sends. */
export type ErrorId = components["schemas"]["ErrorId"];
/** A Onedata error, the `error` member of every error body. */
export interface ErrorJson extends Schema<"ErrorJson"> {}
/** The `details` of an error; `authError` is set on a 401 that says why the token was refused. */
export interface ErrorDetails extends Schema<"ErrorDetails"> {}
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
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: no error in it.
  }
  // JSON null has no error (nor any other JSON that is not an object, whose `error` is undefined).
  const error = (body as { error?: unknown } | null)?.error;
  return isErrorJson(error) ? error : undefined;
}
