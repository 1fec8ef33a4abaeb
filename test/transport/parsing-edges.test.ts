import { expect, test } from "vitest";
import { OneproviderError, OneproviderUsageError } from "../../src/errors/error-classes.js";
import { checkHeaders, resolveHeaders } from "../../src/transport/request-headers.js";
import { parseRetryAfterMs } from "../../src/transport/retry.js";

// The parsing edges of the transport's inputs: Retry-After and the caller's headers.
const now = Date.parse("Fri, 04 Dec 2026 08:00:00 GMT");

test("Retry-After: whole seconds only, or an HTTP date that names its day", () => {
  expect(parseRetryAfterMs(" 7 ", now)).toBe(7_000);
  expect(parseRetryAfterMs("7s", now)).toBeUndefined();
  expect(parseRetryAfterMs("x7", now)).toBeUndefined();
  expect(parseRetryAfterMs("1.5", now)).toBeUndefined();
  expect(parseRetryAfterMs("Fri, 04 Dec 2026 08:00:30 GMT", now)).toBe(30_000);
  expect(parseRetryAfterMs("Fri, 04 Dec 2026 07:00:00 GMT", now)).toBe(0);
  expect(parseRetryAfterMs("xFri, 04 Dec 2026 08:00:30 GMT", now)).toBeUndefined();
  expect(parseRetryAfterMs("Fri, 99 Nox 2026", now)).toBeUndefined();
});

test("the caller's headers: an object of names and one-line strings, trimmed; anything else says what it needs", () => {
  expect(checkHeaders({ "X-Trace": "  abc  " }, "headers")).toEqual({ "x-trace": "abc" });
  for (const bad of [null, "x-trace: a", ["x-trace", "a"], 5])
    expect(() => checkHeaders(bad, "headers")).toThrow(
      new OneproviderUsageError("headers must be an object of header names and string values"),
    );
});

test("a headers function: its result checked under its own name; its failure an error with its cause", async () => {
  const context = {
    operationId: "getWorkflowExecutionDetails" as const,
    method: "GET",
    url: "u",
    attempt: 1,
  };
  expect(await resolveHeaders({ "x-a": "1" }, context)).toEqual({ "x-a": "1" });
  expect(await resolveHeaders(() => ({ "X-A": " 2 " }), context)).toEqual({ "x-a": "2" });
  await expect(resolveHeaders(() => "nope" as never, context)).rejects.toThrow(
    new OneproviderUsageError(
      "the headers function's result must be an object of header names and string values",
    ),
  );
  const cause = new Error("vault");
  const failed = await resolveHeaders(() => {
    throw cause;
  }, context).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(OneproviderError);
  expect(failed).toMatchObject({
    message: "the headers function failed",
    cause,
    operationId: "getWorkflowExecutionDetails",
  });
});
