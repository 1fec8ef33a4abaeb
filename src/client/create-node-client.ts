import { OneproviderUsageError } from "../errors/error-classes.js";
import { nodeHttpEngine } from "../transport/node-http-engine.js";
import { checkTlsOptions, type NodeFetchOptions } from "../transport/node-fetch.js";
import { createClientWithEngine, type OneproviderClient } from "./create-client.js";
import type { OneproviderClientOptions } from "./options.js";

/** Every option of `createOneproviderClient` but `fetch`, and Node's TLS options. */
export type NodeClientOptions = Omit<OneproviderClientOptions, "fetch"> & NodeFetchOptions;

/**
 * The client over `node:http`/`node:https`, with no `fetch` in between: the same methods, errors and
 * hooks as `createOneproviderClient`'s, and the TLS options browsers do not offer: `ca` (PEM text or
 * buffer) for a private CA or a self-signed provider, or `insecure: true` (explicit, a test provider
 * only). Connections are kept alive between requests; `close()` frees them.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { createNodeClient } from "oneprovider-atm-client/node";
 *
 * const client = createNodeClient({
 *   host: "provider.example.org",
 *   token: process.env.ONEPROVIDER_API_KEY,
 *   ca: readFileSync("provider-ca.pem", "utf8"),
 * });
 * try {
 *   console.log((await client.getWorkflowExecution("7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b")).status);
 * } finally {
 *   client.close();
 * }
 * ```
 */
export function createNodeClient(options: NodeClientOptions): OneproviderClient & { close(): void } {
  if (typeof options !== "object" || options === null)
    throw new OneproviderUsageError("the options must be an object with host or baseUrl");
  if ("fetch" in options && options.fetch !== undefined)
    throw new OneproviderUsageError("createNodeClient sends with node:http, not a fetch: leave fetch out");
  const { ca, insecure, ...clientOptions } = options;
  const engine = nodeHttpEngine(checkTlsOptions({ ca, insecure }, "createNodeClient"));
  const client = createClientWithEngine(clientOptions, engine);
  return Object.assign(client, { close: () => engine.close() });
}
