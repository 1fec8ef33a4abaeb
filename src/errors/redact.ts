/** Takes the token out of text a server sent, so that the text can go into an error or a log. */
export type Redact = (text: string) => string;

/**
 * The redaction of one request's token; the token lives only in this closure. A URL may carry the
 * token percent-encoded, so that form goes too. A short token (a test's "t") is taken out only where it
 * stands alone, not inside words: "notFound" is an error id, not an echo of it.
 */
export function redactorOf(token: string | undefined): Redact {
  if (!token) return (text) => text;
  const forms = [...new Set([token, encodeURIComponent(token)])];
  if (token.length < 16) {
    const escaped = forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const standingAlone = new RegExp(`(?<![A-Za-z0-9])(?:${escaped.join("|")})(?![A-Za-z0-9])`, "g");
    return (text) => text.replace(standingAlone, "[token]");
  }
  return (text) => forms.reduce((redacted, form) => redacted.replaceAll(form, "[token]"), text);
}

/** The redaction of several tokens, each as {@link redactorOf} takes it out. */
export function redactorOfAll(tokens: readonly (string | undefined)[]): Redact {
  const each = tokens.map(redactorOf);
  return (text) => each.reduce((current, redact) => redact(current), text);
}

/** A copy of a JSON value with every string, keys included, passed through `redact`. */
export function redactDeep(value: unknown, redact: Redact): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]),
    );
  }
  return value;
}

/**
 * An error of someone else's (a `fetch` failure, a SyntaxError) made fit to be a `cause`: the same
 * error when no text of its chain holds the token, else a copy of the chain, of the same classes where
 * they can be made, with every string redacted. undici, for one, keeps the raw bytes of an answer it
 * could not parse, and an echoing server puts the request, token and all, in them.
 */
export function redactError(error: unknown, redact: Redact, depth = 0): unknown {
  if (typeof error === "string") return redact(error);
  // Past depth 8, mentionsToken finds nothing: the value is kept as it is.
  if (typeof error !== "object" || error === null || !mentionsToken(error, redact, depth)) return error;
  const copy: Record<string, unknown> =
    error instanceof Error
      ? (Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>)
      : {};
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[key];
    // Raw bytes are kept as redacted text: bytes cannot be redacted in place.
    const redacted = ArrayBuffer.isView(value)
      ? redact(new TextDecoder().decode(value))
      : redactError(value, redact, depth + 1);
    Object.defineProperty(copy, key, { value: redacted, writable: true, configurable: true });
  }
  return copy;
}

/** Whether any string of `value`, its own properties and their objects, holds the token. */
function mentionsToken(value: object, redact: Redact, depth: number): boolean {
  if (depth > 8) return false;
  for (const key of Object.getOwnPropertyNames(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === "string" ? redact(item) !== item : false) return true;
    if (ArrayBuffer.isView(item)) {
      const text = new TextDecoder().decode(item);
      if (redact(text) !== text) return true;
    }
    if (typeof item === "object" && item !== null && mentionsToken(item, redact, depth + 1)) return true;
  }
  return false;
}

/** The start of a body, on one line, without the token: enough to recognise an HTML error page. */
export function excerpt(text: string, redact: Redact): string {
  const oneLine = redact(text).replace(/\s+/g, " ").trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
