import { describe, expect, test } from "vitest";
import { OneproviderError } from "../../src/index.js";
import { rejectionOf, sendJson } from "../support/http-server.js";
import { engines, harness, execution, wid, token } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { makeClient, clientFor } = harness(engineName);

  describe("authentication", () => {
    test("X-Auth-Token by default, Authorization: Bearer on request", async () => {
      const { client, server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      await client.getWorkflowExecution(wid);
      const bearer = makeClient({ baseUrl: server.baseUrl, token, authScheme: "bearer" });
      await bearer.getWorkflowExecution(wid);
      expect(server.requests[0]!.headers["x-auth-token"]).toBe(token);
      expect(server.requests[0]!.headers.authorization).toBeUndefined();
      expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${token}`);
      expect(server.requests[1]!.headers["x-auth-token"]).toBeUndefined();
    });

    test("a string token refused with 401 is one attempt: no other token can come", async () => {
      const unauthorized = { error: { id: "unauthorized", description: "no" } };
      const { server } = await clientFor((_q, r) => sendJson(r, 401, unauthorized));
      const requests: number[] = [];
      const client = makeClient({
        baseUrl: server.baseUrl,
        token,
        onRequest: ({ attempt }) => void requests.push(attempt),
      });
      expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({ status: 401 });
      expect(requests).toEqual([1]);
      expect(server.requests).toHaveLength(1);
    });

    test("a token function is called for every request, so a refreshed token is used", async () => {
      const { server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      let calls = 0;
      const client = makeClient({
        baseUrl: server.baseUrl,
        token: async () => `token-${(calls += 1)}`,
      });
      await client.getWorkflowExecution(wid);
      await client.getWorkflowExecution(wid);
      expect(server.requests.map((request) => request.headers["x-auth-token"])).toEqual([
        "token-1",
        "token-2",
      ]);
    });

    test("a failing token function gives OneproviderError with its error as cause, and sends nothing", async () => {
      const { server } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const cause = new Error("vault is sealed");
      const client = makeClient({
        baseUrl: server.baseUrl,
        token: () => {
          throw cause;
        },
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderError);
      expect(error.cause).toBe(cause);
      expect(server.requests).toHaveLength(0);
    });
  });
});
