import { describe, expect, test } from "vitest";
import { OneproviderUsageError } from "../../src/index.js";
import { rejectionOf, sendJson } from "../support/http-server.js";
import { engines, harness, execution } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  describe("bad input fails before any request", () => {
    test.each<[string, unknown]>([
      ["an empty wid", ""],
      ["a wid that is not a string", 42],
      ["undefined", undefined],
      ['"."', "."],
      ['".."', ".."],
      ["a lone surrogate", "abc\uD800"],
    ])("%s", async (_label, badWid) => {
      const { client, attempts } = await clientFor((_q, r) => sendJson(r, 200, execution));
      const error = await rejectionOf(client.getWorkflowExecution(badWid as string));
      expect(error).toBeInstanceOf(OneproviderUsageError);
      expect(attempts()).toBe(0);
    });
  });
});
