import { JSONParser } from "@streamparser/json";
import { BODY_VALIDATORS, RESPONSES } from "../../generated/response-checks.js";
import type { OperationId } from "../api/operation-table.js";
import type { ExchangeResponse } from "./exchange.js";

/**
 * One place where an answer differs from the spec: `pointer` is the JSON Pointer into the body, or ""
 * for the status or a header.
 */
export interface Drift {
  operationId: OperationId;
  status: number | null;
  pointer: string;
  message: string;
}

/** A key the spec does not name: reported, not a failure (the server may add keys). */
export interface Addition {
  operationId: OperationId;
  status: number;
  pointer: string;
}

export interface SpecFindings {
  drift: Drift[];
  additions: Addition[];
  /** The body parsed as JSON, for the check's own expectations; undefined when there is none. */
  json: unknown;
  /** For a long array held only in part: how many of its items were held, of how many. */
  heldItems?: { held: number; of: number };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

type BodyValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** What the spec declares for an operation's status: its media types, required headers and body. */
export function declaredResponse(
  operationId: OperationId,
  status: number,
): { content: string[]; headers: string[]; body?: string } | undefined {
  const statuses: Record<string, { content: string[]; headers: string[]; body?: string }> =
    RESPONSES[operationId];
  return statuses[String(status)];
}

/** The statuses the spec declares for an operation. */
export function declaredStatuses(operationId: OperationId): number[] {
  return Object.keys(RESPONSES[operationId]).map(Number);
}

/** A key in a JSON Pointer, escaped (RFC 6901). */
export function pointerKey(key: string | number): string {
  return `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/**
 * Holds one answer to what the spec says of it: a declared status, the media type, the headers the
 * spec marks required, no body where it declares none, and a body valid against the schema as
 * written (closed enums; keys it does not name are additions).
 */
export function checkAgainstSpec(operationId: OperationId, response: ExchangeResponse): SpecFindings {
  const drift: Drift[] = [];
  const additions: Addition[] = [];
  const { status } = response;
  const found = (pointer: string, message: string) => drift.push({ operationId, status, pointer, message });
  const declared = declaredResponse(operationId, status);
  const json = parseJson(response);
  if (!declared) {
    found("", `status ${status} is not one the spec declares (${declaredStatuses(operationId).join(", ")})`);
    return { drift, additions, json };
  }
  for (const header of declared.headers)
    if (response.headers[header] === undefined) found("", `no ${header} header, which the spec requires`);
  if (declared.content.length === 0) {
    if (response.body.trim() !== "") found("", "a body, where the spec declares none");
    return { drift, additions, json };
  }
  const mediaType = response.headers["content-type"]?.split(";")[0]!.trim().toLowerCase();
  if (mediaType === undefined) found("", `no content-type; the spec says ${declared.content.join(" or ")}`);
  else if (!declared.content.includes(mediaType))
    found("", `content-type ${mediaType}; the spec says ${declared.content.join(" or ")}`);
  if (json === undefined) {
    found("", response.body.trim() === "" ? "no body; the spec declares one" : "the body is not JSON");
    return { drift, additions, json };
  }
  if (declared.body === undefined) return { drift, additions, json };
  const validate = (BODY_VALIDATORS as Record<string, BodyValidator>)[declared.body]!;
  const seen = new Set<string>();
  const take = (errors: AjvError[], offset: number) => {
    for (const error of errors) {
      // A slice's item k is the body's item offset + k.
      const instancePath =
        offset === 0
          ? error.instancePath
          : error.instancePath.replace(/^\/(\d+)/, (_, k: string) => `/${offset + Number(k)}`);
      if (error.keyword === "additionalProperties") {
        additions.push({
          operationId,
          status,
          pointer: instancePath + pointerKey(String(error.params.additionalProperty)),
        });
        continue;
      }
      const [pointer, message] = describeError({ ...error, instancePath });
      const key = `${pointer} ${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found(pointer, message);
    }
  };
  // The generated validators join their errors with concat, so one call over a long array of bad items
  // takes time that grows with the square of its length (5.6 s for 20 000 entries, minutes for a
  // dump cut at 8 MiB). A long array of an array schema is held a slice at a time, and no further
  // once its findings are more than any report lists.
  if (!Array.isArray(json) || json.length <= SLICE || !validate([])) {
    if (!validate(json)) take(validate.errors ?? [], 0);
    return { drift, additions, json };
  }
  let held = 0;
  while (held < json.length && drift.length + additions.length <= MAX_FINDINGS) {
    const slice = json.slice(held, held + SLICE);
    if (!validate(slice)) take(validate.errors ?? [], held);
    held += slice.length;
  }
  return held < json.length
    ? { drift, additions, json, heldItems: { held, of: json.length } }
    : { drift, additions, json };
}

/** How many items of a long array are held to the spec in one call of its validator. */
const SLICE = 256;
/** Findings past which a long array is held no further: a report lists far fewer of them. */
const MAX_FINDINGS = 1_000;

function describeError(error: AjvError): [string, string] {
  switch (error.keyword) {
    case "required":
      return [error.instancePath + pointerKey(String(error.params.missingProperty)), "is missing"];
    case "enum":
      return [
        error.instancePath,
        `is not one of the values the spec names (${(error.params.allowedValues as unknown[]).join(", ")})`,
      ];
    case "type":
      return [error.instancePath, `must be ${[error.params.type].flat().join(" or ")}`];
    default:
      return [error.instancePath, error.message ?? error.keyword];
  }
}

/**
 * The body as JSON, or undefined. A body cut at the tool's limit (a long dump) is read as far as it
 * goes: an array keeps the items that arrived whole.
 */
function parseJson(response: ExchangeResponse): unknown {
  if (!response.truncated) {
    try {
      return JSON.parse(response.body);
    } catch {
      return undefined;
    }
  }
  const items: unknown[] = [];
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  parser.onValue = ({ value }) => void items.push(value);
  try {
    parser.write(response.body);
  } catch {
    // The cut, or a body that is not JSON: the items that arrived whole are what there is.
  }
  return items.length > 0 || response.body.trimStart().startsWith("[") ? items : undefined;
}
