import type { ErrorJson } from "../errors/error-body.js";

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
} satisfies Record<string, ErrorJson>;

const templates: Record<string, (key: string, details: Record<string, unknown>) => string> = {
  badValueInteger: (key) => `Bad value: provided "${key}" must be an integer.`,
  badValueString: (key) => `Bad value: provided "${key}" must be a string.`,
  badValueEmpty: (key) => `Bad value: provided "${key}" must not be empty.`,
  badValueJSON: (key) => `Bad value: provided "${key}" must be a valid JSON.`,
  badValueTooLow: (key, { limit }) => `Bad value: provided "${key}" must be at least ${limit}.`,
  badValueNotInRange: (key, { low, high }) =>
    `Bad value: provided "${key}" must be between <${low}, ${high}>.`,
  badValueNotAllowed: (key, { allowed }) =>
    `Bad value: provided "${key}" must be one of: ${(allowed as string[]).join(", ")}.`,
};

/** A validation error of the server's sanitizer: its id, `details.key` and the other details. */
export function badValue(id: string, key: string, extra: Record<string, unknown> = {}): ErrorJson {
  return { id, description: templates[id]!(key, extra), details: { key, ...extra } };
}
