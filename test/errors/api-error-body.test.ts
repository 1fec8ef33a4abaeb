import { expect, test } from "vitest";
import { toApiError } from "../../src/errors/api-error.js";
import { envelopeError, isErrorJson } from "../../src/errors/error-body.js";
import { redactorOf } from "../../src/errors/redact.js";

// From an error answer's text to the typed error: what is an Onedata error, and what its message says.
const token = "a-token-long-enough-0123456789";
const redact = redactorOf(token);

test("isErrorJson: an object with a string id and a string description", () => {
  expect(isErrorJson({ id: "notFound", description: "x" })).toBe(true);
  expect(isErrorJson({ id: "notFound" })).toBe(false);
  expect(isErrorJson({ description: "x" })).toBe(false);
  expect(isErrorJson({ id: 1, description: "x" })).toBe(false);
  expect(isErrorJson({ id: "x", description: 1 })).toBe(false);
  expect(isErrorJson(null)).toBe(false);
  expect(isErrorJson("notFound")).toBe(false);
});

test("envelopeError: only {error: ErrorJson}, from text that starts as an object", () => {
  expect(envelopeError('  {"error":{"id":"notFound","description":"d"}}')).toEqual({
    id: "notFound",
    description: "d",
  });
  expect(envelopeError('{"error":"Not found","error_description":"old body"}')).toBeUndefined();
  expect(envelopeError("null")).toBeUndefined();
  expect(envelopeError("{not json")).toBeUndefined();
  expect(envelopeError('[{"error":{"id":"x","description":"d"}}]')).toBeUndefined();
  expect(envelopeError("")).toBeUndefined();
});

test("an Onedata error: status, id, the authError's id, description; every string redacted", () => {
  const text = JSON.stringify({
    error: {
      id: "unauthorized",
      description: `bad ${token}`,
      details: { authError: { id: "badToken", description: "d" }, [token]: token },
      ctx: { service: token },
    },
  });
  const error = toApiError(401, text, "GET /x", redact, { operationId: "getWorkflowExecutionDetails" });
  expect(error.message).toBe("GET /x: HTTP 401 unauthorized (authError: badToken): bad [token]");
  expect(error).toMatchObject({
    status: 401,
    errorId: "unauthorized",
    description: "bad [token]",
    details: { authError: { id: "badToken" }, "[token]": "[token]" },
    ctx: { service: "[token]" },
    operationId: "getWorkflowExecutionDetails",
  });
  expect(
    toApiError(404, '{"error":{"id":"notFound","description":"gone"}}', "GET /y", redact, {}).message,
  ).toBe("GET /y: HTTP 404 notFound: gone");
});

test("not an Onedata error: the body's excerpt, or that it was empty", () => {
  const html = toApiError(502, `<html>\n<b>Bad gateway</b> ${token}</html>`, "GET /z", redact, {});
  expect(html.message).toBe(
    "GET /z: HTTP 502, not an Onedata error: <html> <b>Bad gateway</b> [token]</html>",
  );
  expect(html).toMatchObject({
    status: 502,
    bodyExcerpt: "<html> <b>Bad gateway</b> [token]</html>",
    errorId: undefined,
  });
  const empty = toApiError(503, "  ", "GET /z", redact, {});
  expect(empty.message).toBe("GET /z: HTTP 503, empty body");
  expect(empty.bodyExcerpt).toBe("");
});
