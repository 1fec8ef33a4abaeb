import { envelopeError, isErrorJson, type ErrorContext, type ErrorDetails } from "./error-body.js";
import { OneproviderApiError, type OneproviderErrorOptions } from "./error-classes.js";
import { excerpt, redactDeep, type Redact } from "./redact.js";

/**
 * The typed error for an HTTP error response of any operation. `what` names the call for the message
 * (such as `GET /automation/execution/workflows/abc`). Server-sent text is redacted of the token
 * before it goes into the error, in case a server or proxy echoes it back.
 */
export function toApiError(
  status: number,
  text: string,
  what: string,
  redact: Redact,
  options: OneproviderErrorOptions,
  received?: ResponseHeaders,
): OneproviderApiError {
  const headers = headersOf(received, redact);
  const envelope = envelopeError(text);
  if (!envelope) {
    const bodyExcerpt = excerpt(text, redact);
    return new OneproviderApiError(
      `${what}: HTTP ${status}, ${bodyExcerpt ? `not an Onedata error: ${bodyExcerpt}` : "empty body"}`,
      { ...options, status, bodyExcerpt, headers },
    );
  }
  // Every string the server sent, keys included, may echo the token; the envelope keeps its shape.
  const errorId = redact(envelope.id);
  const description = redact(envelope.description);
  const details = redactDeep(envelope.details, redact) as ErrorDetails | undefined;
  const authError = isErrorJson(details?.authError) ? ` (authError: ${details.authError.id})` : "";
  return new OneproviderApiError(`${what}: HTTP ${status} ${errorId}${authError}: ${description}`, {
    status,
    errorId,
    description,
    details,
    ctx: redactDeep(envelope.ctx, redact) as ErrorContext | undefined,
    headers,
    ...options,
  });
}

/** What an engine's answer gives of its headers. */
type ResponseHeaders = { forEach?(callback: (value: string, name: string) => void): void };

/** Headers that carry credentials, the client's or the server's own (cookies): never kept in an error. */
const credentialHeader = /^((proxy-)?authorization|x-auth-token)$|cookie/i;

/**
 * The answer's headers by lower-case name, frozen, without those that carry credentials, and each
 * value redacted of the tokens sent (a server or proxy may echo one in any header).
 */
function headersOf(received: ResponseHeaders | undefined, redact: Redact): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  received?.forEach?.((value, name) => {
    if (!credentialHeader.test(name)) headers[name.toLowerCase()] = redact(value);
  });
  return Object.freeze(headers);
}
