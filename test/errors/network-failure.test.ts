import { expect, test } from "vitest";
import { OneproviderNetworkError } from "../../src/errors/error-classes.js";
import { toNetworkError } from "../../src/errors/network-failure.js";

// What fetch and node:http throw, classified: each kind has its own advice.
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
const nested = (cause: unknown) => new TypeError("fetch failed", { cause });

test.each([
  [
    "refused",
    nested(withCode("ECONNREFUSED")),
    "ECONNREFUSED",
    "nothing listens there: check the host and port",
  ],
  [
    "reset",
    nested(withCode("ECONNRESET")),
    "ECONNRESET",
    "the connection closed before the answer was complete",
  ],
  ["reset", nested(withCode("EPIPE")), "EPIPE", "the connection closed"],
  [
    "reset",
    nested(withCode("UND_ERR_SOCKET", "other side closed")),
    "UND_ERR_SOCKET",
    "the connection closed",
  ],
  ["reset", new TypeError("terminated"), undefined, "the connection closed"],
  ["dns", nested(withCode("ENOTFOUND")), "ENOTFOUND", "the host name does not resolve: check it"],
  ["dns", nested(withCode("EAI_AGAIN")), "EAI_AGAIN", "does not resolve"],
  [
    "tls",
    nested(withCode("DEPTH_ZERO_SELF_SIGNED_CERT")),
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "createNodeClient({ ca })",
  ],
  ["tls", nested(withCode("ERR_TLS_CERT_ALTNAME_INVALID")), "ERR_TLS_CERT_ALTNAME_INVALID", "not trusted"],
  [
    "plain-http",
    nested(withCode("ERR_SSL_WRONG_VERSION_NUMBER", "ssl3_get_record:wrong version number")),
    "ERR_SSL_WRONG_VERSION_NUMBER",
    "does not speak TLS",
  ],
  ["other", new Error("something else"), undefined, "no answer"],
  ["other", nested(withCode("EWEIRD")), "EWEIRD", "no answer"],
] as const)("%s: %s", (kind, error, code, advice) => {
  const result = toNetworkError(error, "GET https://p/x", { operationId: "getWorkflowExecutionDetails" });
  expect(result).toBeInstanceOf(OneproviderNetworkError);
  expect(result.kind).toBe(kind);
  expect(result.code).toBe(code);
  expect(result.message).toContain(advice);
  expect(result.message.startsWith(`GET https://p/x: failed${code ? ` (${code})` : ""}: `)).toBe(true);
  expect(result.cause).toBe(error);
  expect(result.operationId).toBe("getWorkflowExecutionDetails");
});

test("the code is the first one down the chain, and the chain is read 5 deep at most", () => {
  const deep = withCode("ECONNREFUSED");
  let chain: Error = deep;
  for (let level = 0; level < 5; level++) chain = new Error(`level ${level}`, { cause: chain });
  expect(toNetworkError(chain, "GET x", {}).kind).toBe("other");
  expect(toNetworkError(nested(nested(withCode("ECONNREFUSED"))), "GET x", {}).kind).toBe("refused");
  const first = new Error("a", { cause: withCode("ENOTFOUND") });
  Object.assign(first, { code: "ECONNRESET" });
  expect(toNetworkError(first, "GET x", {}).code).toBe("ECONNRESET");
});

test.each([
  "NOT_ECONNREFUSED",
  "ECONNREFUSED_LATER",
  "XECONNRESET",
  "ECONNRESET2",
  "MY_ENOTFOUND",
  "ENOTFOUND_X",
])("a code that only contains a known one (%s) is another kind", (code) => {
  expect(toNetworkError(nested(withCode(code, "m")), "GET x", {}).kind).toBe("other");
});
