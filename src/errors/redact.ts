/** Takes the token out of text a server sent, so that the text can go into an error or a log. */
export type Redact = (text: string) => string;

/** The redaction of one request's token; the token lives only in this closure. */
export function redactorOf(token: string | undefined): Redact {
  return (text) => (token && text.includes(token) ? text.split(token).join("[token]") : text);
}

/** A copy of a JSON value with every string passed through `redact`. */
export function redactDeep(value: unknown, redact: Redact): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
  }
  return value;
}

/** The start of a body, on one line, without the token: enough to recognise an HTML error page. */
export function excerpt(text: string, redact: Redact): string {
  const oneLine = redact(text).replace(/\s+/g, " ").trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
