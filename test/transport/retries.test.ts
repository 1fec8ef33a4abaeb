import { describe, expect, test } from "vitest";
import { rejectionOf, sendJson, sendText } from "../support/http-server.js";
import { engines, harness, envelope, execution, wid } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  describe("retries", () => {
    test("429 with Retry-After: 0 is repeated, then succeeds", async () => {
      const { client, attempts } = await clientFor((_q, r, attempt) =>
        attempt === 1
          ? sendJson(r, 429, envelope("tooManyRequests", "Slow down."), { "retry-after": "0" })
          : sendJson(r, 200, execution),
      );
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("Retry-After beyond maxDelayMs waits only maxDelayMs", async () => {
      const { client, attempts } = await clientFor(
        (_q, r, attempt) =>
          attempt === 1
            ? sendJson(r, 503, envelope("serviceUnavailable", "x"), { "retry-after": "3600" })
            : sendJson(r, 200, execution),
        { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 50 } },
      );
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(attempts()).toBe(2);
    });

    test("retry: false sends exactly one request", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 503, ""), { retry: false });
      expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({ status: 503 });
      expect(attempts()).toBe(1);
    });
  });
});
