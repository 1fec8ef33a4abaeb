/**
 * The openapi-fetch client, typed by the generated `paths`, for `{ data, error, response }` style
 * calls. {@link rawClient} makes one over a client's transport: the same token, per-attempt timeouts,
 * retry rules, redirect policy and hooks. Its own entry, so code that never uses it never bundles
 * openapi-fetch.
 *
 * @module oneprovider-atm-client/raw
 */
export { rawClient, type RawClient } from "./client/raw-client.js";
// The types a raw client's signature names, importable from this entry too.
export type { paths } from "../generated/openapi.js";
export type { CallArguments, OneproviderClient } from "./client/create-client.js";
export type { ActionMethods, OperationId } from "../generated/operations.js";
export type { OperationInput, OperationResult } from "./client/operation.js";
