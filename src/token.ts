import { OneproviderError, OneproviderUsageError } from "./errors.js";

/** An access token, or a function that returns the current one (called for every request). */
export type TokenSource = string | (() => string | Promise<string>);

export type AuthScheme = "x-auth-token" | "bearer";

/** Onedata tokens are printable ASCII; anything else could not travel in an HTTP header. */
const tokenCharacters = /^[\x21-\x7e]+$/;

function checkTokenText(token: string, what: string): string {
  const trimmed = token.trim();
  if (trimmed === "") throw new OneproviderUsageError(`${what} must be a non-empty string`);
  // The message never quotes the token: it is a secret, even when malformed.
  if (!tokenCharacters.test(trimmed)) {
    throw new OneproviderUsageError(
      `${what} contains spaces or characters outside printable ASCII, so it is not a Onedata token`,
    );
  }
  return trimmed;
}

export function checkTokenSource(token: unknown): TokenSource | undefined {
  if (token === undefined || typeof token === "function") return token as TokenSource | undefined;
  if (typeof token !== "string") {
    throw new OneproviderUsageError("token must be a non-empty string or a function that returns one");
  }
  return checkTokenText(token, "token");
}

export function checkAuthScheme(scheme: unknown): AuthScheme {
  if (scheme === undefined) return "x-auth-token";
  if (scheme === "x-auth-token" || scheme === "bearer") return scheme;
  throw new OneproviderUsageError('authScheme must be "x-auth-token" or "bearer"');
}

/** The current token; a failing token function becomes an OneproviderError (its own error as cause). */
export async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (typeof source !== "function") return source;
  let token: unknown;
  try {
    token = await source();
  } catch (error) {
    throw new OneproviderError("the token function failed", { cause: error });
  }
  if (typeof token !== "string")
    throw new OneproviderUsageError("the token function must return a non-empty string");
  return checkTokenText(token, "the token returned by the token function");
}

/** Sets the token header the server reads first for the chosen scheme. */
export function setTokenHeader(
  headers: Record<string, string>,
  token: string | undefined,
  scheme: AuthScheme,
): void {
  if (token === undefined) return;
  if (scheme === "bearer") headers["authorization"] = `Bearer ${token}`;
  else headers["x-auth-token"] = token;
}

/** Replaces every occurrence of the token in text a server sent back, so it can go into an error. */
export function redactToken(text: string, token: string | undefined): string {
  return token && text.includes(token) ? text.split(token).join("[token]") : text;
}
