import { describe, expect, test } from "vitest";
import {
  OneproviderApiError,
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderResponseTooLargeError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "../../src/index.js";

describe("every error class", () => {
  test.each([
    ["OneproviderError", new OneproviderError("m")],
    ["OneproviderUsageError", new OneproviderUsageError("m")],
    ["OneproviderApiError", new OneproviderApiError("m", { status: 404 })],
    ["OneproviderNetworkError", new OneproviderNetworkError("m", { kind: "dns" })],
    ["OneproviderTimeoutError", new OneproviderTimeoutError("m", { timeoutMs: 5 })],
    ["OneproviderInvalidResponseError", new OneproviderInvalidResponseError("m", { status: 200 })],
    [
      "OneproviderResponseTooLargeError",
      new OneproviderResponseTooLargeError("m", { status: 200, limitBytes: 9 }),
    ],
    ["OneproviderRedirectError", new OneproviderRedirectError("m", { status: 302, location: "https://x/" })],
  ])("%s is named after its class, and is an OneproviderError", (name, error) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(OneproviderError);
    expect(String(error)).toBe(`${name}: m`);
  });
});

describe("toJSON, for logs", () => {
  test("gives the name, the message and every field that is set, never the cause", () => {
    const error = new OneproviderApiError("GET /x: HTTP 404 notFound: gone", {
      status: 404,
      errorId: "notFound",
      description: "gone",
      operationId: "getWorkflowExecutionDetails",
      pathParameters: { wid: "w-1" },
      cause: new Error("inner, which may quote a body"),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "OneproviderApiError",
      message: "GET /x: HTTP 404 notFound: gone",
      status: 404,
      errorId: "notFound",
      description: "gone",
      operationId: "getWorkflowExecutionDetails",
      wid: "w-1",
      headers: {},
    });
  });

  test("an error with no fields gives name and message only", () => {
    expect(new OneproviderError("plain").toJSON()).toStrictEqual({
      name: "OneproviderError",
      message: "plain",
    });
    // No cause given: no cause property at all, not one set to undefined.
    expect("cause" in new OneproviderError("plain")).toBe(false);
    expect(new OneproviderError("with", { cause: 0 }).cause).toBe(0);
  });
});
