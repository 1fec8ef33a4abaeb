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
): OneproviderApiError {
  const envelope = envelopeError(text);
  if (!envelope) {
    const bodyExcerpt = excerpt(text, redact);
    return new OneproviderApiError(
      `${what}: HTTP ${status}, ${bodyExcerpt ? `not an Onedata error: ${bodyExcerpt}` : "empty body"}`,
      { ...options, status, bodyExcerpt },
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
    ...options,
  });
}
