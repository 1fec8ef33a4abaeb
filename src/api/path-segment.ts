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

/** A path template split once into its literal parts and parameter names. */
type Template = { literals: string[]; names: string[] };
const templates = new Map<string, Template>();

/** A path template (`/workflows/{wid}/cancel`) with each `{name}` filled by one encoded segment. */
export function fillPath(path: string, values: Readonly<Record<string, unknown>>): string {
  let template = templates.get(path);
  if (!template) {
    const parts = path.split(/\{(\w+)\}/);
    template = {
      literals: parts.filter((_, index) => index % 2 === 0),
      names: parts.filter((_, index) => index % 2 === 1),
    };
    templates.set(path, template);
  }
  const { literals, names } = template;
  let filled = literals[0]!;
  for (let index = 0; index < names.length; index += 1)
    filled += pathSegment(names[index]!, values[names[index]!]) + literals[index + 1]!;
  return filled;
}
