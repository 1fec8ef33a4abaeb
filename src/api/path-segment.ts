import { OneproviderUsageError } from "../errors/error-classes.js";

/**
 * Whether a value can travel as exactly one path segment. "." and ".." cannot: URL parsers resolve
 * them (encoded or not) as "this folder" and "the parent folder", so such a request would reach
 * another resource; nor can an empty string, nor a lone UTF-16 surrogate, which has no encoding.
 */
export function isPathSegment(value: unknown): value is string {
  return typeof value === "string" && value !== "" && value !== "." && value !== ".." && value.isWellFormed();
}

/** A path parameter as one encoded segment, or the usage error that names it. */
export function pathSegment(name: string, value: unknown): string {
  if (!isPathSegment(value))
    throw new OneproviderUsageError(
      `${name} must be a non-empty string other than "." and "..", not ${JSON.stringify(value)}`,
    );
  return encodeURIComponent(value);
}

/** A path template (`/workflows/{wid}/cancel`) with each `{name}` filled by one encoded segment. */
export function fillPath(path: string, values: Readonly<Record<string, unknown>>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => pathSegment(name, values[name]));
}
