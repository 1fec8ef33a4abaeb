/**
 * The openapi-fetch client, typed by the generated `paths`, for `{ data, error, response }` style
 * calls. {@link rawClient} makes one over a client's transport: the same token, per-attempt timeouts,
 * retry rules, redirect policy and hooks. Its own entry, so code that never uses it never bundles
 * openapi-fetch.
 *
 * @module oneprovider-atm-client/raw
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { clientCores, type OneproviderClient } from "./client/create-client.js";
import { OneproviderUsageError } from "./errors/error-classes.js";
import { transportAsFetch } from "./transport/transport-as-fetch.js";

// The types a raw client's signature names, importable from this entry too.
export type { paths } from "../generated/openapi.js";
export type { OneproviderClient } from "./client/create-client.js";

/** The openapi-fetch client typed by the generated `paths`. */
export type RawClient = Client<paths>;

const rawClients = new WeakMap<OneproviderClient, RawClient>();

/** The openapi-fetch client over `client`'s transport; the same one for every call with that client. */
export function rawClient(client: OneproviderClient): RawClient {
  const core = clientCores.get(client);
  if (!core) throw new OneproviderUsageError("rawClient needs a client made by createOneproviderClient");
  let raw = rawClients.get(client);
  if (!raw) {
    raw = createClient<paths>({ baseUrl: core.baseUrl, fetch: transportAsFetch(core.send) });
    rawClients.set(client, raw);
  }
  return raw;
}
