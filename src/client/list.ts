import type { Schema } from "../../generated/operations.js";
import type { components, operations } from "../../generated/openapi.js";
import { QUERY_RULES } from "../../generated/operations.js";
import { OneproviderInvalidResponseError } from "../errors/error-classes.js";
import { checkRule } from "./check-input.js";
import { callOperation, type CallOptions, type ClientCore } from "./operation.js";

/** One page of execution ids, exactly as the server sends it. */
export interface AtmWorkflowExecutionList extends Schema<"AtmWorkflowExecutionList"> {}
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

/** How many pages in a row that bring no new id, yet say more follows, are taken before the server is not believed. */
export const MAX_PAGES_WITHOUT_NEW_IDS = 3;

/**
 * Every id of every page, once, following `nextPageToken` until `isLast`. A page can be empty but
 * for the last (a page exactly full still has a token, and the next one is empty). A server that
 * would make this run forever is refused with an `OneproviderInvalidResponseError`: a token it sent
 * before, or pages in a row that bring no new id yet each say more follows (empty ones, or the same
 * ids again under fresh tokens). What is new is judged against the last few pages only, so that memory
 * stays bounded however long the list: a server's own pages never repeat an id.
 */
export async function* iterateWorkflowExecutions(
  core: ClientCore,
  spaceId: string,
  { phase, pageSize, signal }: IterateOptions = {},
): AsyncGenerator<string, void, undefined> {
  const limit = QUERY_RULES.listWorkflowExecutions!.limit!;
  pageSize ??= limit.default as number;
  checkRule("pageSize", limit, pageSize);
  const invalid = (why: string) =>
    new OneproviderInvalidResponseError(`listWorkflowExecutions of space ${spaceId}: ${why}`, {
      operationId: "listWorkflowExecutions",
      status: 200,
    });
  const tokens = new Set<string>();
  /**
   * The ids of the last pages, newest last: what a page must go beyond to count as progress. Arrays,
   * not sets: a page of a real server has a new id first, found after one scan, where building a set
   * of every page would cost the iteration a tenth of its time.
   */
  const recentPages: string[][] = [];
  let withoutNewIds = 0;
  let token: string | undefined;
  for (;;) {
    const page = await listWorkflowExecutions(core, spaceId, { phase, limit: pageSize, token, signal });
    // What is not an object has no such array either.
    const ids: unknown = (page as Partial<AtmWorkflowExecutionList> | null)?.atmWorkflowExecutions;
    if (!Array.isArray(ids))
      throw invalid("the answer is not a page of ids (no atmWorkflowExecutions array)");
    const bad = ids.findIndex((id) => typeof id !== "string" || id === "");
    if (bad >= 0) throw invalid(`item ${bad} of the page is not an id (a non-empty string)`);
    yield* ids as string[];
    if (page.isLast || page.nextPageToken === null || page.nextPageToken === undefined) return;
    if (typeof page.nextPageToken !== "string")
      throw invalid("the page's nextPageToken is neither a string nor null");
    if (tokens.has(page.nextPageToken))
      throw invalid("the server sent a nextPageToken it had sent before: following it would never end");
    const isNew = (id: string) => recentPages.every((recent) => !recent.includes(id));
    withoutNewIds = (ids as string[]).some(isNew) ? 0 : withoutNewIds + 1;
    if (withoutNewIds >= MAX_PAGES_WITHOUT_NEW_IDS)
      throw invalid(`${withoutNewIds} pages in a row brought no new id, each saying more follows`);
    recentPages.push(ids as string[]);
    if (recentPages.length > MAX_PAGES_WITHOUT_NEW_IDS) recentPages.shift();
    tokens.add(page.nextPageToken);
    token = page.nextPageToken;
  }
}
