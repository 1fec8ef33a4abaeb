/**
 * Node-only parts, with the TLS options browsers do not offer: {@link createNodeClient} is the client
 * over `node:http`/`node:https` (no `fetch` in between) that trusts a private CA or a self-signed
 * provider, or (asked for explicitly) any certificate; {@link createNodeFetch} makes such a `fetch`
 * for code that needs one.
 *
 * @module oneprovider-atm-client/node
 */
export { createNodeClient, type NodeClientOptions } from "./client/create-node-client.js";
export { createNodeFetch, type NodeFetchOptions } from "./transport/node-fetch.js";
// The types these signatures name, importable from this entry too.
export type { FetchFunction } from "./transport/http-engine.js";
export type { CallArguments, OneproviderClient } from "./client/create-client.js";
export type { ActionMethods, OperationId } from "../generated/operations.js";
export type { OperationInput, OperationResult } from "./client/operation.js";
export type { OneproviderClientOptions } from "./client/options.js";
