import { describe, expect, test } from "vitest";
import { toApiError } from "../../src/errors/api-error.js";
import { OneproviderApiError } from "../../src/index.js";
import { engines, harness, token, wid } from "../support/both-engines.js";
import { rejectionOf } from "../support/http-server.js";

describe.each(engines)("an API error's headers over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  test("keeps the answer's headers for a caller whose retries are spent, never a credential", async () => {
    const { client } = await clientFor(
      (_q, response) => {
        response.writeHead(503, {
          "content-type": "application/json",
          "Retry-After": "7",
          "X-Request-Id": "req-42",
          "Set-Cookie": "session=secret",
          "X-Auth-Token": token,
          Authorization: "Bearer secret",
          "Proxy-Authorization": "Basic secret",
          "X-Auth-Token-Expires": "3600",
          "X-Not-Authorization": "kept",
          "X-Echo": `you sent ${token}`,
        });
        response.end(JSON.stringify({ error: { id: "serviceUnavailable", description: "later" } }));
      },
      { retry: false },
    );
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderApiError);
    const { headers } = error as OneproviderApiError;
    expect(headers["retry-after"]).toBe("7");
    expect(headers["x-request-id"]).toBe("req-42");
    expect(headers).not.toHaveProperty("set-cookie");
    expect(headers).not.toHaveProperty("x-auth-token");
    expect(headers).not.toHaveProperty("authorization");
    expect(headers).not.toHaveProperty("proxy-authorization");
    // Only those exact names carry credentials: a header that merely contains one is kept.
    expect(headers["x-auth-token-expires"]).toBe("3600");
    expect(headers["x-not-authorization"]).toBe("kept");
    expect(JSON.stringify(headers)).not.toContain(token);
    expect(Object.isFrozen(headers)).toBe(true);
  });
});

test("an API error made without an answer, or from headers that cannot be listed, has no headers", () => {
  expect(new OneproviderApiError("m", { status: 400 }).headers).toEqual({});
  const error = toApiError(503, "", "GET /x", String, {}, { get: () => null } as never);
  expect(error.headers).toEqual({});
});
