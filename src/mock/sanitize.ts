import { AUDIT_LOG_SEVERITY_VALUES } from "../../generated/enum-values.js";
import type { ErrorJson } from "../errors/error-body.js";
import { badValue } from "./errors.js";

type Rule = "nonEmptyString" | "positiveInteger" | "logLevel" | "jsonObject" | "url";
/** Each field's rule, by name. */
export type Rules = Record<string, Rule>;
export type Fields = Record<string, unknown>;

const logLevels: readonly string[] = AUDIT_LOG_SEVERITY_VALUES;
const malformed = {
  id: "malformedData",
  description: "Provided data could not be understood by the server.",
};

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

function check(key: string, value: unknown, rule: Rule): ErrorJson | { value: unknown } {
  // The server turns JSON true and false into strings where it wants a string.
  const text = typeof value === "boolean" ? String(value) : value;
  switch (rule) {
    case "positiveInteger": {
      const number =
        typeof value === "number" && Number.isInteger(value)
          ? value
          : typeof value === "string" && /^[+-]?\d+$/.test(value)
            ? Number(value)
            : undefined;
      if (number === undefined) return badValue("badValueInteger", key);
      if (number < 1) return badValue("badValueTooLow", key, { limit: 1 });
      return { value: number };
    }
    case "jsonObject":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? { value }
        : badValue("badValueJSON", key);
    default: {
      if (typeof text !== "string") return badValue("badValueString", key);
      if (rule === "nonEmptyString" && text === "") return badValue("badValueEmpty", key);
      if (rule === "logLevel" && !logLevels.includes(text))
        return badValue("badValueNotAllowed", key, { allowed: logLevels });
      if (rule === "url") {
        try {
          new URL(text);
        } catch {
          return {
            id: "badData",
            description: `Bad value: provided "${key}" has an invalid format or is incomprehensible in the context of this operation.`,
            details: { key },
          };
        }
      }
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
  required: Record<string, Rule>,
  optional: Record<string, Rule> = {},
): Record<string, unknown> | ErrorJson {
  const result: Record<string, unknown> = {};
  for (const [group, isRequired] of [
    [required, true],
    [optional, false],
  ] as const) {
    for (const key of Object.keys(group).sort()) {
      const value = fields[key];
      if (value === undefined || value === null) {
        if (isRequired)
          return {
            id: "missingRequiredValue",
            description: `Missing required value: ${key}.`,
            details: { key },
          };
        continue;
      }
      const checked = check(key, value, group[key]!);
      if ("id" in checked) return checked;
      result[key] = checked.value;
    }
  }
  return result;
}

export const isError = (value: object): value is ErrorJson =>
  "id" in value && "description" in value && !("value" in value);
