import type { components, operations } from "../../generated/openapi.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";

/** One page of execution ids, exactly as the server sends it. */
export type AtmWorkflowExecutionList = components["schemas"]["AtmWorkflowExecutionList"];
/** A phase of the list: `waiting`, `ongoing` (the server's default), `suspended` or `ended`. */
export type AtmWorkflowExecutionPhase = components["schemas"]["AtmWorkflowExecutionPhase"];

/** The list's query parameters, every one the spec names, and the call's own options. */
export type ListOptions = {
  [K in keyof NonNullable<operations["listWorkflowExecutions"]["parameters"]["query"]>]?:
    NonNullable<operations["listWorkflowExecutions"]["parameters"]["query"]>[K] | undefined;
} & CallOptions;

export interface IterateOptions {
  /** Default: the server's, `ongoing`. */
  phase?: AtmWorkflowExecutionPhase | undefined;
  /** Ids asked for per page, 1 to 1000. Default 1000. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** One page of the ids of a space's executions in one phase, newest first. */
export function listWorkflowExecutions(
  core: ClientCore,
  spaceId: string,
  { signal, timeoutMs, ...query }: ListOptions = {},
): Promise<AtmWorkflowExecutionList> {
  return callOperation(
    core,
    "listWorkflowExecutions",
    { path: { sid: spaceId }, query },
    { signal, timeoutMs },
  );
}

/**
 * Every id of every page, once, following `nextPageToken` until `isLast`. A page can be empty but
 * for the last (a page exactly full still has a token, and the next one is empty).
 */
export async function* iterateWorkflowExecutions(
  core: ClientCore,
  spaceId: string,
  { phase, pageSize = 1000, signal }: IterateOptions = {},
): AsyncGenerator<string, void, undefined> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new OneproviderUsageError("pageSize must be an integer from 1 to 1000");
  let token: string | undefined;
  for (;;) {
    const page = await listWorkflowExecutions(core, spaceId, { phase, limit: pageSize, token, signal });
    yield* page.atmWorkflowExecutions;
    if (page.isLast || page.nextPageToken === null) return;
    token = page.nextPageToken;
  }
}
