import { OneproviderError, OneproviderUsageError } from "../errors/error-classes.js";

/** What a headers function is told about the attempt it adds headers to. */
export interface HeadersContext {
  operationId: string;
  method: string;
  url: string;
  attempt: number;
}

/**
 * Headers added to every request: an object, or a function (sync or async) called for every attempt,
 * for headers that change, such as OpenTelemetry's `traceparent` (`propagation.inject`).
 */
export type HeadersSource =
  | Readonly<Record<string, string>>
  | ((
      context: HeadersContext,
    ) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>);

/** The client decides these itself: the token header of either scheme, and what it sends and accepts. */
const reserved = new Set(["x-auth-token", "authorization", "accept", "content-type"]);
/** RFC 9110's token characters: what a header name may hold. */
const headerName = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
/**
 * What a header value may hold and still travel: tabs and visible Latin-1 characters (RFC 9110's
 * field-vchar with obs-text). Anything else is refused by fetch's Headers and by node:http alike, which
 * report it as a failure to send; the client says it first, as the usage error it is.
 */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers, checked: names lower-cased. A reserved or malformed name, or a value that could not travel
 * in a header, is a usage error that names the header and never quotes the value (it may be a secret).
 */
export function checkHeaders(headers: unknown, where: string): Record<string, string> {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    throw new OneproviderUsageError(`${where} must be an object of header names and string values`);
  const checked: Record<string, string> = {};
  let entries: Array<[string, unknown]>;
  try {
    entries = Object.entries(headers);
  } catch (error) {
    // A getter that throws: the caller's object, not the network, is what failed.
    throw new OneproviderUsageError(`${where} could not be read`, { cause: error });
  }
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!headerName.test(name))
      throw new OneproviderUsageError(`${where}: ${JSON.stringify(name)} is not a header name`);
    if (reserved.has(lower))
      throw new OneproviderUsageError(
        `${where} may not set ${lower}: the client sets it (the token goes in the token option)`,
      );
    if (typeof value !== "string" || !headerValue.test(value))
      throw new OneproviderUsageError(
        `${where}: the value of ${lower} must be a string on one line, of Latin-1 characters`,
      );
    checked[lower] = value.trim();
  }
  return checked;
}

/** The headers of one attempt: the object as it is, or what the function returns now, checked. */
export async function resolveHeaders(
  source: HeadersSource | undefined,
  context: HeadersContext,
): Promise<Record<string, string> | undefined> {
  if (typeof source !== "function") return source;
  let headers: unknown;
  try {
    headers = await source(context);
  } catch (error) {
    throw new OneproviderError("the headers function failed", {
      cause: error,
      operationId: context.operationId,
    });
  }
  return checkHeaders(headers, "the headers function's result");
}
