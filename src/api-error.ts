import { OneproviderApiError } from "./errors.js";
import { redactToken } from "./token.js";
import type { ErrorContext, ErrorDetails, ErrorJson } from "./types.js";

const excerptLength = 200;

/** The start of a body, on one line, without the token: enough to recognise an HTML error page. */
export function excerpt(text: string, token: string | undefined): string {
  const oneLine = redactToken(text, token).replace(/\s+/g, " ").trim();
  return oneLine.length > excerptLength ? `${oneLine.slice(0, excerptLength)}…` : oneLine;
}

function isErrorJson(value: unknown): value is ErrorJson {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorJson).id === "string" &&
    typeof (value as ErrorJson).description === "string"
  );
}

/** The ErrorJson of an Onedata envelope `{"error": ErrorJson}`; anything else gives `undefined`. */
function envelopeError(text: string): ErrorJson | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    const error = (JSON.parse(text) as { error?: unknown } | null)?.error;
    return isErrorJson(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The typed error for an HTTP error response, from its status and body text. Server-sent text is
 * redacted of the token before it goes into the error, in case a server or proxy echoes it back.
 */
export function toApiError(
  status: number,
  text: string,
  wid: string,
  token: string | undefined,
): OneproviderApiError {
  const envelope = envelopeError(text);
  const what = `GET workflow execution "${wid}"`;
  if (!envelope) {
    const bodyExcerpt = excerpt(text, token);
    const shown =
      bodyExcerpt === "" ? "an empty body" : `a body that is not an Onedata error: ${bodyExcerpt}`;
    return new OneproviderApiError(`${what} failed with HTTP ${status} and ${shown}`, {
      status,
      bodyExcerpt,
      wid,
    });
  }
  const clean = (value: string) => redactToken(value, token);
  const details = envelope.details as ErrorDetails | undefined;
  const authError = isErrorJson(details?.authError) ? ` (authError: ${details.authError.id})` : "";
  return new OneproviderApiError(
    `${what} failed with HTTP ${status} ${envelope.id}${authError}: ${clean(envelope.description)}`,
    {
      status,
      errorId: envelope.id,
      description: clean(envelope.description),
      details: details === undefined ? undefined : (redactDeep(details, clean) as ErrorDetails),
      ctx: envelope.ctx as ErrorContext | undefined,
      wid,
    },
  );
}

/** A copy of a JSON value with every string passed through `clean`. */
function redactDeep(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, clean));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, clean)]));
  }
  return value;
}
