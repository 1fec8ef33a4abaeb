import type { ServerResponse } from "node:http";
import { describe, expect, test } from "vitest";
import { OneproviderApiError, OneproviderError, OneproviderInvalidResponseError } from "../../src/index.js";
import { expectNoToken, rejectionOf, sendJson, sendText } from "../support/http-server.js";
import { engines, harness, envelope, html, wid, token } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  describe("HTTP errors become OneproviderApiError with the Onedata fields", () => {
    test.each<[string, number, (response: ServerResponse) => void, Partial<OneproviderApiError>, number]>([
      [
        "401 with a nested authError",
        401,
        (r) =>
          sendJson(
            r,
            401,
            envelope("unauthorized", "You must authenticate yourself.", {
              details: {
                authError: {
                  id: "badToken",
                  description: "Provided token could not be understood by the server.",
                },
              },
            }),
          ),
        { errorId: "unauthorized" },
        1,
      ],
      [
        "a 25.x 401 without a token: authError null, with ctx",
        401,
        (r) =>
          sendJson(r, 401, {
            error: {
              id: "unauthorized",
              ctx: { service: "opw", serviceReleaseVersion: "25.1", timestamp: 1764241200000 },
              details: { authError: null },
              description: "You must authenticate yourself to perform this operation: no details available.",
            },
          }),
        { errorId: "unauthorized", details: { authError: null } },
        1,
      ],
      [
        "a 25.x 500 without a reference",
        500,
        (r) =>
          sendJson(r, 500, {
            error: { id: "internalServerError", ctx: null, details: { reference: null }, description: "x." },
          }),
        { errorId: "internalServerError", details: { reference: null } },
        1,
      ],
      [
        "401 without details",
        401,
        (r) => sendJson(r, 401, envelope("unauthorized", "You must authenticate yourself.")),
        { errorId: "unauthorized", details: undefined },
        1,
      ],
      [
        "403 with ctx",
        403,
        (r) =>
          sendJson(
            r,
            403,
            envelope("forbidden", "You are not authorized.", {
              ctx: { timestamp: 1764241200000, service: "op_worker", unknownKey: 1 },
            }),
          ),
        {
          errorId: "forbidden",
          ctx: { timestamp: 1764241200000, service: "op_worker", unknownKey: 1 } as never,
        },
        1,
      ],
      [
        "404 JSON",
        404,
        (r) => sendJson(r, 404, envelope("notFound", "The resource could not be found.")),
        { errorId: "notFound", ctx: undefined },
        1,
      ],
      [
        "400 JSON",
        400,
        (r) => sendJson(r, 400, envelope("badValueIdentifier", "Bad value.", { details: { key: "wid" } })),
        { errorId: "badValueIdentifier" },
        1,
      ],
      [
        "500 JSON, not retried",
        500,
        (r) =>
          sendJson(
            r,
            500,
            envelope("internalServerError", "The server has encountered an error.", {
              details: { reference: "5d3c2b1a" },
            }),
          ),
        { errorId: "internalServerError", details: { reference: "5d3c2b1a" } },
        1,
      ],
      [
        "404 HTML",
        404,
        (r) => sendText(r, 404, html("404 Not Found")),
        { errorId: undefined, bodyExcerpt: html("404 Not Found") },
        1,
      ],
      ["403 HTML", 403, (r) => sendText(r, 403, html("403 Forbidden")), { errorId: undefined }, 1],
      ["500 empty body", 500, (r) => sendText(r, 500, ""), { errorId: undefined, bodyExcerpt: "" }, 1],
      ["401 empty body", 401, (r) => sendText(r, 401, ""), { errorId: undefined, bodyExcerpt: "" }, 1],
      [
        "500 plain text",
        500,
        (r) => sendText(r, 500, "upstream exploded", "text/plain"),
        { errorId: undefined, bodyExcerpt: "upstream exploded" },
        1,
      ],
      [
        "404 JSON that is not an envelope",
        404,
        (r) => sendJson(r, 404, { error: "not_found", error_description: "legacy" }),
        { errorId: undefined },
        1,
      ],
      [
        "502 HTML from a proxy, retried",
        502,
        (r) => sendText(r, 502, html("502 Bad Gateway")),
        { errorId: undefined },
        3,
      ],
      [
        "503 JSON, retried",
        503,
        (r) => sendJson(r, 503, envelope("serviceUnavailable", "Service Unavailable.")),
        { errorId: "serviceUnavailable" },
        3,
      ],
      ["504 empty, retried", 504, (r) => sendText(r, 504, ""), { errorId: undefined }, 3],
      [
        "429 JSON, retried",
        429,
        (r) => sendJson(r, 429, envelope("tooManyRequests", "Slow down.")),
        { errorId: "tooManyRequests" },
        3,
      ],
    ])("%s", async (_label, status, respond, fields, expectedAttempts) => {
      const { client, attempts } = await clientFor((_request, response) => respond(response));
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderApiError);
      expect(error).toBeInstanceOf(OneproviderError);
      expect(error).toMatchObject({ status, wid, ...fields });
      expect(error.message).toContain(String(status));
      expect(error.message).toContain(wid);
      if (fields.errorId) expect(error.message).toContain(fields.errorId);
      expect(attempts()).toBe(expectedAttempts);
      expectNoToken(error, token);
    });

    test("a nested authError is reachable, typed, and named in the message", async () => {
      const { client } = await clientFor((_q, r) =>
        sendJson(
          r,
          401,
          envelope("unauthorized", "You must authenticate yourself.", {
            details: {
              authError: {
                id: "tokenCaveatUnverified",
                description: "Caveat unverified.",
                details: { caveat: { type: "time" } },
              },
            },
          }),
        ),
      );
      const error: OneproviderApiError = await rejectionOf(client.getWorkflowExecution(wid));
      const authErrorId: string | undefined = error.details?.authError?.id;
      expect(authErrorId).toBe("tokenCaveatUnverified");
      expect(error.message).toContain("authError: tokenCaveatUnverified");
    });

    test("a server that echoes the token back has it redacted", async () => {
      const { client } = await clientFor((request, r) =>
        sendJson(
          r,
          401,
          envelope("unauthorized", `bad token ${request.headers["x-auth-token"]}`, {
            details: {
              authError: { id: "badToken", description: `token ${request.headers["x-auth-token"]} rejected` },
            },
          }),
        ),
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error.description).toContain("[token]");
      expectNoToken(error, token);
    });
  });
  describe("bodies that are not what the server sends", () => {
    test.each([
      ["truncated JSON", '{"atmWorkflowExecutionId": "7f3d'],
      ["an HTML page with status 200", html("Welcome to nginx")],
      ["an empty 200", ""],
    ])("%s gives OneproviderInvalidResponseError", async (_label, body) => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 200, body, "application/json"));
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
      expect(error).toMatchObject({ status: 200, wid, issues: [] });
      expect(error.message).toContain("not JSON");
      expect(attempts()).toBe(1);
      expectNoToken(error, token);
    });

    test.each(["null", "[]", "42", '"finished"'])(
      "a 200 whose JSON is %s, not an object, is an OneproviderInvalidResponseError even without validation",
      async (body) => {
        const { client } = await clientFor((_q, r) => sendText(r, 200, body, "application/json"));
        const error = await rejectionOf(client.getWorkflowExecution(wid));
        expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
        expect(error.message).toContain("not a JSON object");
      },
    );
  });
});
