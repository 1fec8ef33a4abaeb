import { OneproviderNetworkError, type NetworkFailureKind } from "./error-classes.js";

const tlsCodes = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/;

/** The system error code somewhere down a `fetch` failure's cause chain (undici nests it). */
function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function classify(code: string | undefined, error: unknown): NetworkFailureKind {
  if (code === undefined) {
    // undici ends a body cut short with TypeError("terminated") and no code.
    return error instanceof Error && /terminated|other side closed/i.test(error.message) ? "reset" : "other";
  }
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "ECONNABORTED")
    return "reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (tlsCodes.test(code)) return "tls";
  return "other";
}

const advice: Record<NetworkFailureKind, string> = {
  refused: "nothing accepts connections there: check the host and port",
  reset: "the connection was closed before the answer was complete",
  dns: "the host name could not be resolved: check it",
  tls:
    "the provider's TLS certificate could not be verified; if it is self-signed or from a private CA, " +
    "trust that CA with createNodeFetch({ ca }) from oneprovider-atm-client/node",
  other: "no answer could be had",
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
