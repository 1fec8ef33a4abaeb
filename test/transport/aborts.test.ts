import { describe, expect, test } from "vitest";
import { rejectionOf, sendJson, sendText } from "../support/http-server.js";
import { engines, harness, execution, wid } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  describe("aborts reject with the caller's own reason", () => {
    test("aborted before the call: no request is sent", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const reason = { mine: true };
      const error = await rejectionOf(
        client.getWorkflowExecution(wid, { signal: AbortSignal.abort(reason) }),
      );
      expect(error).toBe(reason);
      expect(attempts()).toBe(0);
    });

    test("aborted while the server is thinking", async () => {
      const controller = new AbortController();
      const reason = new Error("user pressed Ctrl-C");
      // Aborted once the server has the request, whatever the machine's speed: no wall-clock margin.
      const { client, attempts } = await clientFor(() => void controller.abort(reason));
      const error = await rejectionOf(client.getWorkflowExecution(wid, { signal: controller.signal }));
      expect(error).toBe(reason);
      expect(attempts()).toBe(1);
    });

    test("aborted during the backoff between attempts", async () => {
      const controller = new AbortController();
      // Aborted as the 10 s backoff begins (the retry hook), not after a guessed wall-clock delay.
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 503, ""), {
        retry: { retries: 5, minDelayMs: 10_000, maxDelayMs: 10_000 },
        onRetry: () => void queueMicrotask(() => controller.abort("stop")),
      });
      const promise = client.getWorkflowExecution(wid, { signal: controller.signal });
      const started = Date.now();
      expect(await rejectionOf(promise)).toBe("stop");
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(attempts()).toBe(1);
    });
  });
});
