import { SPEC_RELEASES } from "../../generated/enum-values.js";
import type { ErrorJson } from "../errors/error-body.js";
import type { KnownErrorId } from "./errors.js";
import type { Answer } from "./http.js";

/** The release lines the mock can answer as: those the spec describes (21.02.8, its own, and 25.1). */
export type MockRelease = (typeof SPEC_RELEASES)[number];
export const MOCK_RELEASES: readonly MockRelease[] = SPEC_RELEASES;

/** The mock provider's id, in the shape of real ones. */
export const MOCK_PROVIDER_ID = "0c0ffee0000000000000000000000000ch0001";

/** The four deprecated errors that 25.x still sends in the old form, without `ctx`. */
const withoutContext = new Set(["notFound", "notSupported", "alreadyExists", "timeout"]);

/** 25.x's wording, where it differs from 21.02's beyond the shape every description now has. */
const reworded: Partial<Record<KnownErrorId, (error: ErrorJson) => string>> = {
  notFound: () => "The requested resource could not be found.",
  unauthorized: (error) =>
    error.details?.authError
      ? oneSentence(error.description)
      : "You must authenticate yourself to perform this operation: no details available.",
  atmInvalidStatusTransition: (error) =>
    `Invalid status transition from "${String(error.details?.prevStatus)}" to "${String(error.details?.newStatus)}".`,
};

/** One line, ending in exactly one full stop, as every 25.x description does. */
function oneSentence(text: string): string {
  return `${text.replace(/\s+/g, " ").trim().replace(/\.+$/, "")}.`;
}

/**
 * An error as 25.1 sends it (onedata-25.md): `ctx` on every error but the four deprecated ones,
 * `details` with every argument key (an unset one `null`: `authError` on a 401 without a token,
 * `reference` on a 500), and the descriptions reworded. A nested `authError` is an error of its own.
 */
export function errorAs25(error: ErrorJson, context: Record<string, unknown>): ErrorJson {
  const details =
    error.id === "unauthorized"
      ? { authError: error.details?.authError ? errorAs25(error.details.authError, context) : null }
      : error.id === "internalServerError"
        ? { reference: null, ...error.details }
        : error.id === "badData" && error.details?.specificError === undefined
          ? { hint: null, ...error.details }
          : error.details;
  const description = reworded[error.id as KnownErrorId]?.(error) ?? oneSentence(error.description);
  return {
    id: error.id,
    ...(!withoutContext.has(error.id) && { ctx: context }),
    ...(details !== undefined && { details }),
    description,
  };
}

/** An answer of the 21.02 mock as 25.1 would give it: its error in the new form, the rest as it is. */
export function answerAs25(answer: Answer, context: () => Record<string, unknown>): Answer {
  if (!("body" in answer)) return answer;
  const body = answer.body as { error?: ErrorJson } | undefined;
  if (typeof body?.error !== "object" || body.error === null) return answer;
  return { ...answer, body: { error: errorAs25(body.error, context()) } };
}

/** The `ctx` of the mock's errors as 25.1: every key present, the unknown ones `null`. */
export function mockContext(nowMs: number, domain: string): Record<string, unknown> {
  return {
    onedataErrorsRevision: null,
    module: null,
    line: null,
    timestamp: nowMs,
    service: "opw",
    serviceId: MOCK_PROVIDER_ID,
    serviceDomain: domain,
    serviceReleaseVersion: "25.1",
    serviceBuildVersion: "mock",
  };
}
