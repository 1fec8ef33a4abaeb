import { OPERATIONS, type OperationId } from "../../generated/operations.js";

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

type Route = { pattern: RegExp; names: string[]; operations: Map<string, OperationId> };

/** The table's paths as patterns, one per path: each `{name}` is one segment. */
let routes: Route[] | undefined;
function routesOf(): Route[] {
  if (routes) return routes;
  const byPath = new Map<string, Route>();
  for (const [operationId, { method, path }] of Object.entries(OPERATIONS) as Array<
    [OperationId, { method: string; path: string }]
  >) {
    let route = byPath.get(path);
    if (!route) {
      const names: string[] = [];
      const source = path
        .split(/(\{\w+\})/)
        .map((part) => {
          const name = /^\{(\w+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(name);
          return "([^/]+)";
        })
        .join("");
      route = { pattern: new RegExp(`^${source}$`), names, operations: new Map() };
      byPath.set(path, route);
    }
    route.operations.set(method, operationId);
  }
  // A literal segment wins over a parameter (`/workflows/{wid}` must not take `/workflows` of another route).
  routes = [...byPath.values()].sort((a, b) => a.names.length - b.names.length);
  return routes;
}

/**
 * The operation that `method` on `pathname` (below the API base, without the query) is; the methods
 * the path allows when it has none for `method`; `undefined` for a path the spec does not know.
 */
export function matchOperation(
  method: string,
  pathname: string,
): MatchedOperation | MethodNotAllowed | undefined {
  for (const route of routesOf()) {
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const operationId = route.operations.get(method.toUpperCase());
    if (!operationId) return { allowed: [...route.operations.keys()] };
    const pathParameters: Record<string, string> = {};
    route.names.forEach((name, index) => {
      const raw = found[index + 1]!;
      try {
        pathParameters[name] = decodeURIComponent(raw);
      } catch {
        pathParameters[name] = raw;
      }
    });
    return { operationId, pathParameters };
  }
  return undefined;
}
