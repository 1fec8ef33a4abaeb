import { fillPath } from "../api/path-segment.js";
import { OPERATIONS, type OperationId } from "../api/operation-table.js";
import type { Exchanger, ExchangeRequest, ExchangeResponse } from "./exchange.js";
import { checkAgainstSpec, pointerKey, type Addition, type Drift } from "./spec-check.js";

/** One check of the run: what the spec and the server's check order predict, and what came back. */
export interface Check {
  id: string;
  operationId: OperationId;
  ok: boolean;
  expected: string;
  observed: string;
}

/** What a check predicts of its answer. */
export interface Expectation {
  statuses: number[];
  /** In words, for the report. */
  describe: string;
  /** The Onedata error id an error answer must carry. */
  errorId?: string;
  /** Details the error must carry (each compared as JSON). */
  details?: Record<string, unknown>;
  /** Further predictions about an answer of an expected status: each difference, pointer and message. */
  also?: (json: unknown, response: ExchangeResponse) => Array<[pointer: string, message: string]>;
}

/** What the run found: every check, every drift and addition (each naming its check), and notes. */
export interface Findings {
  checks: Check[];
  drift: Array<Drift & { check: string }>;
  additions: Array<Addition & { check: string }>;
  notes: string[];
}

export interface CheckOutcome {
  ok: boolean;
  response: ExchangeResponse | undefined;
  json: unknown;
}

/** The part of a request the suite gives: the path comes from the operation table and its parameters. */
export interface RequestSpec {
  pathParameters?: Record<string, string>;
  query?: Record<string, string | number>;
  auth?: ExchangeRequest["auth"];
  headers?: Record<string, string>;
  body?: string;
  /** Another method than the operation's (the method-not-allowed probe). */
  method?: string;
}

/** The request path of an operation: its template filled, each parameter one encoded segment. */
export function operationPath(operationId: OperationId, spec: RequestSpec): string {
  const path = fillPath(OPERATIONS[operationId].path, spec.pathParameters ?? {});
  const query = Object.entries(spec.query ?? {});
  return query.length === 0
    ? path
    : `${path}?${new URLSearchParams(query.map(([key, value]) => [key, String(value)]))}`;
}

/** The start of a body on one line, for the report. */
export function bodyExcerpt(text: string, length = 240): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > length ? `${oneLine.slice(0, length)}…` : oneLine;
}

function describeResponse(response: ExchangeResponse): string {
  const type = response.headers["content-type"];
  const body = response.body.trim() === "" ? "no body" : bodyExcerpt(response.body);
  return `${response.status}${type ? ` ${type}` : ""}: ${body}${response.truncated ? " (cut)" : ""}`;
}

/** How many drift items, and additions, one answer lists in the report at most. */
export const MAX_LISTED_PER_CHECK = 20;

/** Runs checks one after the other through an exchanger, and gathers what they find. */
export class CheckRunner {
  readonly findings: Findings = { checks: [], drift: [], additions: [], notes: [] };

  constructor(
    private readonly exchange: Exchanger,
    private readonly onCheck: (check: Check) => void = () => undefined,
  ) {}

  note(text: string): void {
    this.findings.notes.push(text);
  }

  /** Sends one request and holds its answer to the spec and to the check's expectation. */
  async run(
    id: string,
    operationId: OperationId,
    request: RequestSpec,
    expectation: Expectation,
  ): Promise<CheckOutcome> {
    const answer = await this.send(id, operationId, request);
    if ("error" in answer) {
      this.record({
        id,
        operationId,
        ok: false,
        expected: expectation.describe,
        observed: `no answer: ${answer.error}`,
      });
      return { ok: false, response: undefined, json: undefined };
    }
    const { response } = answer;
    const found = this.hold(id, operationId, response, expectation);
    this.record({
      id,
      operationId,
      ok: found.drift.length === 0,
      expected: expectation.describe,
      observed: describeResponse(response),
    });
    return { ok: found.drift.length === 0, response, json: found.json };
  }

  /** One request, sent and held to the spec only: for polls that a later check sums up. */
  async send(id: string, operationId: OperationId, request: RequestSpec) {
    return this.exchange({
      check: id,
      operationId,
      method: request.method ?? OPERATIONS[operationId].method,
      path: operationPath(operationId, request),
      auth: request.auth ?? "token",
      ...(request.headers && { headers: request.headers }),
      ...(request.body !== undefined && { body: request.body }),
    });
  }

  /** The spec's findings and the expectation's for one answer, added to the run's. */
  hold(id: string, operationId: OperationId, response: ExchangeResponse, expectation: Expectation) {
    const { drift, additions, json, heldItems } = checkAgainstSpec(operationId, response);
    if (heldItems)
      this.note(
        `${id}: its answer's ${heldItems.of} items were held to the spec as far as item ${heldItems.held}, where the findings were already more than a report lists.`,
      );
    const found = (pointer: string, message: string) =>
      drift.push({ operationId, status: response.status, pointer, message });
    if (!expectation.statuses.includes(response.status)) {
      const errorId = (json as { error?: { id?: unknown } } | undefined)?.error?.id;
      found(
        "",
        `status ${response.status}${typeof errorId === "string" ? ` (${errorId})` : ""}; expected ${expectation.statuses.join(" or ")}`,
      );
    } else {
      if (expectation.errorId !== undefined) {
        const error = (json as { error?: { id?: unknown; details?: Record<string, unknown> } } | undefined)
          ?.error;
        if (error?.id !== expectation.errorId)
          found("/error/id", `is ${JSON.stringify(error?.id)}; expected "${expectation.errorId}"`);
        for (const [key, value] of Object.entries(expectation.details ?? {}))
          if (JSON.stringify(error?.details?.[key]) !== JSON.stringify(value))
            found(
              `/error/details${pointerKey(key)}`,
              `is ${JSON.stringify(error?.details?.[key])}; expected ${JSON.stringify(value)}`,
            );
      }
      if (expectation.also)
        for (const [pointer, message] of expectation.also(json, response)) found(pointer, message);
    }
    // One answer lists at most a few findings of each kind: a dump of 40 000 bad entries made a report
    // of 9 MB and a run that did not end. The rest is counted in a note.
    const listed = <T>(items: T[], kind: string): T[] => {
      if (items.length <= MAX_LISTED_PER_CHECK) return items;
      this.note(
        `${id}: ${items.length} ${kind} in its answer; the first ${MAX_LISTED_PER_CHECK} are listed.`,
      );
      return items.slice(0, MAX_LISTED_PER_CHECK);
    };
    this.findings.drift.push(...listed(drift, "drift items").map((each) => ({ ...each, check: id })));
    this.findings.additions.push(...listed(additions, "additions").map((each) => ({ ...each, check: id })));
    return { drift, json };
  }

  record(check: Check): void {
    this.findings.checks.push(check);
    this.onCheck(check);
  }
}
