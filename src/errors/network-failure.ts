import { OneproviderNetworkError, type NetworkFailureKind } from "./error-classes.js";

/** The system error code somewhere down a `fetch` failure's cause chain (undici nests it). */
function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Each kind with the codes that mean it; undici ends a body cut short with "terminated" and no code. */
const kinds: Array<[NetworkFailureKind, RegExp]> = [
  ["refused", /^ECONNREFUSED$/],
  ["reset", /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$|terminated|other side closed/i],
  ["dns", /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/],
  ["tls", /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/],
];

function classify(code: string | undefined, error: unknown): NetworkFailureKind {
  const text = code ?? (error instanceof Error ? error.message : "");
  return kinds.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

const advice: Record<NetworkFailureKind, string> = {
  refused: "nothing listens there: check the host and port",
  reset: "the connection closed before the answer was complete",
  dns: "the host name does not resolve: check it",
  tls: "the provider's certificate is not trusted: for a private CA, use createNodeFetch({ ca }) from oneprovider-atm-client/node",
  other: "no answer",
};

/** Turns whatever `fetch` threw into a typed network error that says what failed and what to do. */
export function toNetworkError(
  error: unknown,
  what: string,
  wid: string | undefined,
): OneproviderNetworkError {
  const code = findCode(error);
  const kind = classify(code, error);
  const codeText = code ? ` (${code})` : "";
  return new OneproviderNetworkError(`${what} failed${codeText}: ${advice[kind]}`, {
    kind,
    code,
    wid,
    cause: error,
  });
}
