import { OPERATIONS, PATH_PARAMETERS, type OperationId } from "../../generated/operations.js";

export { OPERATIONS, type OperationId } from "../../generated/operations.js";

/** Every operationId of the table, in the spec's order. */
export const operationIds = Object.keys(OPERATIONS) as OperationId[];

/** A request matched to the operation the spec says it is. */
export interface MatchedOperation {
  operationId: OperationId;
  /** The path parameters, decoded. */
  pathParameters: Record<string, string>;
}

/** A path the spec knows, with a method it does not: the methods it allows. */
export interface MethodNotAllowed {
  allowed: string[];
}

/** The path parameters of `pathname`'s segments if they fit the template's, each `{name}` one segment. */
function fit(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split("/");
  if (parts.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined ? part !== segment : segment === "") return undefined;
    if (name === undefined) continue;
    try {
      parameters[name] = decodeURIComponent(segment);
    } catch {
      parameters[name] = segment;
    }
  }
  return parameters;
}

/**
 * The operation that `method` on `pathname` (below the API base, without the query) is; the methods
 * the path allows when it has none for `method`; `undefined` for a path the spec does not know.
 */
export function matchOperation(
  method: string,
  pathname: string,
): MatchedOperation | MethodNotAllowed | undefined {
  const segments = pathname.split("/");
  const fitting = operationIds
    .map((operationId) => ({ operationId, pathParameters: fit(OPERATIONS[operationId].path, segments) }))
    .filter((each): each is MatchedOperation => each.pathParameters !== undefined)
    // A literal segment wins over a parameter (`/workflows/{wid}` must not take another route's `/workflows/x`).
    .sort((a, b) => PATH_PARAMETERS[a.operationId].length - PATH_PARAMETERS[b.operationId].length);
  const path = fitting[0] && OPERATIONS[fitting[0].operationId].path;
  const onPath = fitting.filter((each) => OPERATIONS[each.operationId].path === path);
  if (onPath.length === 0) return undefined;
  return (
    onPath.find((each) => OPERATIONS[each.operationId].method === method.toUpperCase()) ?? {
      allowed: onPath.map((each) => OPERATIONS[each.operationId].method),
    }
  );
}
