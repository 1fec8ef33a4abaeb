import { describe, expect, test } from "vitest";
import { OneproviderNetworkError } from "../../src/index.js";
import { expectNoToken, rejectionOf, sendJson, sendText } from "../support/http-server.js";
import { engines, harness, execution, wid, token, fastRetry } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { makeClient, serve, clientFor } = harness(engineName);

  describe("network failures become OneproviderNetworkError", () => {
    test("connection reset before any answer, every time", async () => {
      const { client, attempts } = await clientFor((request) => {
        request.socket.destroy();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("reset");
      expect(error.wid).toBe(wid);
      expect(attempts()).toBe(3);
      expectNoToken(error, token);
    });

    test("connection reset during the body, then a good answer", async () => {
      const { client, attempts } = await clientFor((_q, r, attempt) => {
        if (attempt > 1) return sendJson(r, 200, execution);
        r.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        // Cut once the first bytes have left, not after a guessed delay.
        r.write('{"atmWorkflowExecutionId": "', () => r.socket?.destroy());
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("connection reset during the body, every time", async () => {
      const { client, attempts } = await clientFor((_q, r) => {
        r.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        // Cut once the first bytes have left, not after a guessed delay.
        r.write('{"atmWorkflowExecutionId": "', () => r.socket?.destroy());
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("reset");
      expect(attempts()).toBe(3);
      expectNoToken(error, token);
    });

    test("connection refused", async () => {
      const server = await serve((_q, r) => sendText(r, 200, ""));
      await server.close();
      let calls = 0;
      const client = makeClient({
        baseUrl: server.baseUrl,
        token,
        retry: fastRetry,
        fetch: (input, init) => {
          calls += 1;
          return fetch(input, init);
        },
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error).toMatchObject({ kind: "refused", code: "ECONNREFUSED", wid });
      expect(error.message).toContain("ECONNREFUSED");
      // Only the fetch engine goes through the injected fetch, which counts the attempts.
      expect(calls).toBe(engineName === "fetch" ? 3 : 0);
      expectNoToken(error, token);
    });

    test("a host name that does not resolve", async () => {
      const client = makeClient({ host: "no-such-provider.invalid", token, retry: false });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderNetworkError);
      expect(error.kind).toBe("dns");
      expectNoToken(error, token);
    });
  });
});
