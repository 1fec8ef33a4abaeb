// Node-only parts of oneprovider-atm-client: TLS options that browsers do not offer.
import { Agent } from "undici";
import { OneproviderUsageError } from "./errors.js";
import type { FetchFunction } from "./http-engine.js";

export interface NodeFetchOptions {
  /** PEM certificate(s) of the CA that signed the provider's certificate (a private CA, or a self-signed one). */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Accept any certificate. Only for a test provider: anyone on the path can then read the token.
   * Must be asked for explicitly; never a default.
   */
  insecure?: boolean;
}

/**
 * A `fetch` for `createOneproviderClient({ fetch })` that trusts the given CA, or, when asked
 * explicitly, any certificate. Node's own `fetch` is used, with an undici dispatcher for the TLS
 * settings. Call `close()` on the result when done, to free its connections.
 */
export function createNodeFetch(options: NodeFetchOptions): FetchFunction & { close(): Promise<void> } {
  const { ca, insecure = false } = options ?? {};
  if (ca === undefined && !insecure) {
    throw new OneproviderUsageError(
      "createNodeFetch needs ca (PEM) or insecure: true; without either, use the default fetch",
    );
  }
  if (ca !== undefined && insecure)
    throw new OneproviderUsageError("pass either ca or insecure: true, not both");
  if (
    ca !== undefined &&
    !(Array.isArray(ca) ? ca : [ca]).every((item) => String(item).includes("-----BEGIN CERTIFICATE-----"))
  ) {
    throw new OneproviderUsageError("ca must be PEM text with -----BEGIN CERTIFICATE-----");
  }
  const dispatcher = new Agent({ connect: insecure ? { rejectUnauthorized: false } : { ca } });
  const nodeFetch = ((input: Request | string | URL, init?: RequestInit) =>
    globalThis.fetch(input, { ...init, dispatcher } as RequestInit)) as FetchFunction & {
    close(): Promise<void>;
  };
  nodeFetch.close = () => dispatcher.close();
  return nodeFetch;
}
