import { describe, expect, test } from "vitest";
import { OneproviderTimeoutError } from "../../src/index.js";
import { expectNoToken, rejectionOf } from "../support/http-server.js";
import { engines, harness, wid, token } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  describe("timeouts", () => {
    test("slow headers time out the attempt, which is not repeated", async () => {
      const { client, attempts } = await clientFor(() => undefined, { timeoutMs: 150 });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 150, wid });
      expect(error.message).toContain("150 ms");
      // At most one: on a loaded machine the request may not have reached the server within 150 ms.
      expect(attempts()).toBeLessThanOrEqual(1);
      expectNoToken(error, token);
    });

    test("a slow body times out too", async () => {
      const { client } = await clientFor(
        (_q, r) => {
          r.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
          const timer = setInterval(() => r.write(" "), 20);
          r.on("close", () => clearInterval(timer));
        },
        { timeoutMs: 200 },
      );
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderTimeoutError);
    });

    test("a call's own timeoutMs overrides the client's", async () => {
      const { client } = await clientFor(() => undefined, { timeoutMs: 60_000 });
      const error = await rejectionOf(client.getWorkflowExecution(wid, { timeoutMs: 100 }));
      expect(error).toMatchObject({ name: "OneproviderTimeoutError", timeoutMs: 100 });
    });
  });
});
