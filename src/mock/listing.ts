import type { ATM_WORKFLOW_EXECUTION_PHASE_VALUES } from "../../generated/enum-values.js";
import { workflowPhase } from "../execution/phases.js";
import type { AtmWorkflowExecution } from "../execution/types.js";

type ListPhase = (typeof ATM_WORKFLOW_EXECUTION_PHASE_VALUES)[number];

/** The list's query, sanitized by its rules in the spec (its defaults filled in). */
export interface ListQuery {
  index: string | undefined;
  limit: number;
  offset: number;
  phase: ListPhase;
  token: string | undefined;
}

/** When an execution entered its phase, as the server keys its phase trees. */
function enteredPhase(execution: AtmWorkflowExecution): number {
  switch (workflowPhase(execution.status)) {
    case "waiting":
      return execution.scheduleTime;
    case "ongoing":
      return execution.startTime;
    case "suspended":
      return execution.suspendTime;
    default:
      return execution.finishTime;
  }
}

/** `undefined` for a token that is not base64url: the server crashes on it (500). */
function decodeToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) return undefined;
  return Buffer.from(token, "base64url").toString("latin1");
}

/**
 * One page as the server lists it: newest entry into the phase first (the key is
 * `9999999999 - T` then the id, in byte order); a page of exactly `limit` ids still has a token.
 */
export function listPage(executions: AtmWorkflowExecution[], query: ListQuery) {
  const entries = executions
    .filter((execution) => workflowPhase(execution.status) === query.phase)
    .map((execution) => ({
      id: execution.atmWorkflowExecutionId,
      key: `${9999999999 - enteredPhase(execution)}${execution.atmWorkflowExecutionId}`,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const firstAtOrAfter = (key: string) => {
    const found = entries.findIndex((entry) => entry.key >= key);
    return found === -1 ? entries.length : found;
  };
  let start: number;
  if (query.token !== undefined) {
    const key = decodeToken(query.token);
    if (key === undefined) return undefined;
    start = firstAtOrAfter(key) + query.offset + 1;
  } else if (query.index !== undefined) {
    start = firstAtOrAfter(query.index) + query.offset;
  } else {
    start = query.offset;
  }
  start = Math.max(0, start);
  const page = entries.slice(start, start + query.limit);
  const isLast = query.limit > page.length;
  return {
    atmWorkflowExecutions: page.map((entry) => entry.id),
    isLast,
    nextPageToken: isLast ? null : Buffer.from(page.at(-1)!.key, "latin1").toString("base64url"),
  };
}
