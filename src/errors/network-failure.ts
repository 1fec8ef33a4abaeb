import {
  OneproviderNetworkError,
  type NetworkFailureKind,
  type OneproviderErrorOptions,
} from "./error-classes.js";

/** The errors down a `fetch` failure's cause chain (undici nests the system error). */
function chainOf(error: unknown): Array<{ code?: unknown; message?: unknown }> {
  // Stryker disable next-line ArrayDeclaration: equivalent, a string in the chain has no code and its message reads "undefined".
  const chain = [];
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Each kind with the codes that mean it; undici ends a body cut short with "terminated" and no code. */
const kinds: Array<[NetworkFailureKind, RegExp]> = [
  ["refused", /^ECONNREFUSED$/],
  ["reset", /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$|terminated|other side closed/i],
  ["dns", /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/],
  ["tls", /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/],
];

function classify(code: string | undefined, error: unknown): NetworkFailureKind {
  // Stryker disable next-line StringLiteral: equivalent, no pattern matches what a non-Error would be read as.
  const text = code ?? (error instanceof Error ? error.message : "");
  return kinds.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/** TLS spoken to a port that answers in plain HTTP: OpenSSL reads the answer as a record of a wrong version. */
const plainHttpPort = /WRONG_VERSION_NUMBER|wrong version number|packet length too long|HTTP_REQUEST/i;

const advice: Record<NetworkFailureKind, string> = {
  refused: "nothing listens there: check the host and port",
  reset: "the connection closed before the answer was complete",
  dns: "the host name does not resolve: check it",
  tls: "the provider's certificate is not trusted: for a private CA, use createNodeClient({ ca }) from oneprovider-atm-client/node",
  "plain-http":
    "the server there does not speak TLS, so the port may be a plain-http one: check the port (http: is allowed for loopback)",
  other: "no answer",
};

/** Turns whatever `fetch` threw into a typed network error that says what failed and what to do. */
export function toNetworkError(
  error: unknown,
  what: string,
  options: OneproviderErrorOptions,
): OneproviderNetworkError {
  const chain = chainOf(error);
  const code = chain.map((item) => item.code).find((item): item is string => typeof item === "string");
  // Stryker disable next-line StringLiteral: equivalent, the plain-http patterns sit inside one message.
  const messages = chain.map((item) => `${String(item.code)} ${String(item.message)}`).join(" ");
  const kind = plainHttpPort.test(messages) ? "plain-http" : classify(code, error);
  return new OneproviderNetworkError(`${what}: failed${code ? ` (${code})` : ""}: ${advice[kind]}`, {
    ...options,
    kind,
    code,
    cause: error,
  });
}
