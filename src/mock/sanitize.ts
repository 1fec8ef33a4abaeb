import type { InputRule, InputRules } from "../../generated/operations.js";
import type { ErrorJson } from "../errors/error-body.js";
import { badValue, mockError } from "./errors.js";

export type Fields = Record<string, unknown>;
const malformed = mockError("malformedData", "Provided data could not be understood by the server.");

/**
 * A POST body as the server reads it: empty is `{}`, anything but a JSON object is `malformedData`,
 * and query parameters of the same name win over body fields.
 */
export function parseBody(text: string, query: URLSearchParams): Fields | ErrorJson {
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      return malformed;
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return malformed;
  const fields: Fields = { ...body };
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/**
 * One value as the server's sanitizer checks it against its rule in the spec; the server's error id
 * for each way it can fail. A query parameter is text; a body field may be JSON of another type.
 */
export function checkField(key: string, value: unknown, rule: InputRule): ErrorJson | { value: unknown } {
  // The server turns JSON true and false into strings where it wants a string.
  const text = typeof value === "boolean" ? String(value) : value;
  switch (rule.type) {
    case "integer": {
      const number =
        typeof value === "number" && Number.isInteger(value)
          ? value
          : typeof value === "string" && /^[+-]?\d+$/.test(value)
            ? Number(value)
            : undefined;
      if (number === undefined) return badValue("badValueInteger", key);
      const { minimum, maximum } = rule;
      if (maximum !== undefined && (number < minimum! || number > maximum))
        return badValue("badValueNotInRange", key, { low: minimum, high: maximum });
      if (minimum !== undefined && number < minimum)
        return badValue("badValueTooLow", key, { limit: minimum });
      return { value: number };
    }
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? { value }
        : badValue("badValueJSON", key);
    default: {
      if (typeof text !== "string") return badValue("badValueString", key);
      if (rule.minLength && text.length < rule.minLength) return badValue("badValueEmpty", key);
      if (rule.enum && !rule.enum.includes(text))
        return badValue("badValueNotAllowed", key, { allowed: [...rule.enum] });
      if (rule.format === "uri" && !URL.canParse(text))
        return mockError(
          "badData",
          `Bad value: provided "${key}" has an invalid format or is incomprehensible in the context of this operation.`,
          { key },
        );
      return { value: text };
    }
  }
}

/**
 * The server's sanitizer: required keys first, then optional ones, each group in byte order of the
 * key; the first failure wins. `null` counts as absent; unknown keys are ignored.
 */
export function sanitize(
  fields: Fields,
  required: InputRules,
  optional: InputRules = {},
): Record<string, unknown> | ErrorJson {
  const result: Record<string, unknown> = {};
  for (const [group, isRequired] of [
    [required, true],
    [optional, false],
  ] as const) {
    for (const key of Object.keys(group).sort()) {
      const value = fields[key];
      if (value === undefined || value === null) {
        if (isRequired) return mockError("missingRequiredValue", `Missing required value: ${key}.`, { key });
        continue;
      }
      const checked = checkField(key, value, group[key]!);
      if ("id" in checked) return checked;
      result[key] = checked.value;
    }
  }
  return result;
}

/**
 * A query as the server's sanitizer reads it: keys in byte order, the first failure wins; an absent
 * key takes its default; a repeated key is a list, which no key takes.
 */
export function sanitizeQuery(search: URLSearchParams, rules: InputRules): Fields | ErrorJson {
  const result: Fields = {};
  for (const key of Object.keys(rules).sort()) {
    const values = search.getAll(key);
    const value = values.length === 0 ? rules[key]!.default : values.length === 1 ? values[0] : values;
    if (value === undefined) continue;
    const checked = checkField(key, value, rules[key]!);
    if ("id" in checked) return checked;
    result[key] = checked.value;
  }
  return result;
}

export const isError = (value: object): value is ErrorJson =>
  "id" in value && "description" in value && !("value" in value);
