import type { ERROR_ID_VALUES } from "../../generated/enum-values.js";
import type { ErrorJson } from "../errors/error-body.js";

/** An error id the spec names: in the mock, a misspelt id does not compile. */
export type KnownErrorId = (typeof ERROR_ID_VALUES)[number];
/** An error as the mock sends it, its id one the spec names. */
export type MockError = ErrorJson & { id: KnownErrorId };

/** An error of the mock. */
export const mockError = (
  id: KnownErrorId,
  description: string,
  details?: Record<string, unknown>,
): MockError => (details ? { id, description, details } : { id, description });

/** The errors the real server sends in each situation (ids and details; descriptions vary by release). */
export const errors = {
  unauthorized: {
    id: "unauthorized",
    description: "You must authenticate yourself to perform this operation.",
  },
  badToken: {
    id: "unauthorized",
    description:
      "You must authenticate yourself to perform this operation. Authentication error: Provided token could not be understood by the server.",
    details: {
      authError: { id: "badToken", description: "Provided token could not be understood by the server." },
    },
  },
  forbidden: {
    id: "forbidden",
    description: "You are not authorized to perform this operation (insufficient privileges?).",
  },
  notFound: { id: "notFound", description: "The resource could not be found." },
  notSupported: { id: "notSupported", description: "This operation is not supported." },
  internalServerError: {
    id: "internalServerError",
    description: "The server has encountered an error while processing this request.",
  },
} satisfies Record<string, MockError>;

const templates: Partial<Record<KnownErrorId, (key: string, details: Record<string, unknown>) => string>> = {
  badValueInteger: (key) => `Bad value: provided "${key}" must be an integer.`,
  badValueString: (key) => `Bad value: provided "${key}" must be a string.`,
  badValueEmpty: (key) => `Bad value: provided "${key}" must not be empty.`,
  badValueJSON: (key) => `Bad value: provided "${key}" must be a valid JSON.`,
  badValueTooLow: (key, { limit }) => `Bad value: provided "${key}" must be at least ${String(limit)}.`,
  badValueNotInRange: (key, { low, high }) =>
    `Bad value: provided "${key}" must be between <${String(low)}, ${String(high)}>.`,
  badValueNotAllowed: (key, { allowed }) =>
    `Bad value: provided "${key}" must be one of: ${(allowed as string[]).join(", ")}.`,
};

/** A validation error of the server's sanitizer: its id, `details.key` and the other details. */
export function badValue(id: KnownErrorId, key: string, extra: Record<string, unknown> = {}): MockError {
  return { id, description: templates[id]!(key, extra), details: { key, ...extra } };
}
