import { ATM_WORKFLOW_EXECUTION_PHASE_VALUES } from "../../generated/enum-values.js";
import type { ErrorJson } from "../errors/error-body.js";
import { workflowPhase } from "../execution/phases.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
import { badValue } from "./errors.js";

const phases = ATM_WORKFLOW_EXECUTION_PHASE_VALUES;
type ListPhase = (typeof phases)[number];

export interface ListQuery {
  index: string | undefined;
  limit: number;
  offset: number;
  phase: ListPhase;
  token: string | undefined;
}

const integerText = /^[+-]?\d+$/;

/**
 * The list's query as the server's sanitizer reads it: keys checked in byte order (index, limit,
 * offset, phase, token), the first failure wins; a repeated key is a list, which no key takes.
 */
export function sanitizeListQuery(search: URLSearchParams): ListQuery | ErrorJson {
  const one = (key: string) => {
    const values = search.getAll(key);
    return values.length === 0 ? undefined : values.length === 1 ? values[0]! : values;
  };
  const index = one("index");
  if (Array.isArray(index)) return badValue("badValueString", "index");
  const limitText = one("limit") ?? "1000";
  if (Array.isArray(limitText) || !integerText.test(limitText)) return badValue("badValueInteger", "limit");
  const limit = Number(limitText);
  if (limit < 1 || limit > 1000) return badValue("badValueNotInRange", "limit", { low: 1, high: 1000 });
  const offsetText = one("offset") ?? "0";
  if (Array.isArray(offsetText) || !integerText.test(offsetText))
    return badValue("badValueInteger", "offset");
  const phase = one("phase") ?? "ongoing";
  if (Array.isArray(phase)) return badValue("badValueString", "phase");
  if (!(phases as readonly string[]).includes(phase))
    return badValue("badValueNotAllowed", "phase", { allowed: [...phases] });
  const token = one("token");
  if (Array.isArray(token)) return badValue("badValueString", "token");
  if (token === "") return badValue("badValueEmpty", "token");
  return { index, limit, offset: Number(offsetText), phase: phase as ListPhase, token };
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
