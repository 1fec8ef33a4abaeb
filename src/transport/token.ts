import { OneproviderError, OneproviderUsageError } from "../errors/error-classes.js";

/** What a token function is told: `rejected` after the server refused the token it gave last. */
export interface TokenRequest {
  rejected: boolean;
}

/**
 * An access token, or a function that returns the current one: called for every request with
 * `rejected: false`; after a 401, once more with `rejected: true`, and a different token is sent once more.
 */
export type TokenSource = string | ((request: TokenRequest) => string | Promise<string>);

export type AuthScheme = "x-auth-token" | "bearer";

/** Onedata tokens are printable ASCII; anything else could not travel in an HTTP header. */
const tokenCharacters = /^[\x21-\x7e]+$/;

/** A token, trimmed; `what` names it in the error, which never quotes the token itself. */
export function checkTokenText(token: string, what: string): string {
  const trimmed = token.trim();
  if (trimmed === "") throw new OneproviderUsageError(`${what} must be a non-empty string`);
  if (!tokenCharacters.test(trimmed))
    throw new OneproviderUsageError(`${what} has characters outside printable ASCII: not a Onedata token`);
  return trimmed;
}

/** The current token; a failing token function becomes an OneproviderError (its own error as cause). */
export async function resolveToken(
  source: TokenSource | undefined,
  rejected = false,
): Promise<string | undefined> {
  if (typeof source !== "function") return source;
  let token: unknown;
  try {
    token = await source({ rejected });
  } catch (error) {
    throw new OneproviderError("the token function failed", { cause: error });
  }
  if (typeof token !== "string")
    throw new OneproviderUsageError("the token function must return a non-empty string");
  return checkTokenText(token, "the token function's result");
}

/** Sets the token header the server reads first for the chosen scheme. */
export function setTokenHeader(
  headers: Record<string, string>,
  token: string | undefined,
  scheme: AuthScheme,
): void {
  if (token === undefined) return;
  if (scheme === "x-auth-token") headers["x-auth-token"] = token;
  else headers["authorization"] = `Bearer ${token}`;
}
