import { describe, expect, test } from "vitest";
import { createOneproviderClient, OneproviderUsageError } from "../../src/index.js";

/** What the call throws; fails the test when it throws nothing. */
function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

const baseUrlOf = (options: Parameters<typeof createOneproviderClient>[0]) =>
  createOneproviderClient(options).baseUrl;

describe("where the client sends requests", () => {
  test.each([
    ["provider.example.org", "https://provider.example.org/api/v3/oneprovider"],
    ["provider.example.org:8443", "https://provider.example.org:8443/api/v3/oneprovider"],
    ["https://provider.example.org", "https://provider.example.org/api/v3/oneprovider"],
    ["https://provider.example.org/", "https://provider.example.org/api/v3/oneprovider"],
    ["https://provider.example.org:8443///", "https://provider.example.org:8443/api/v3/oneprovider"],
    ["https://provider.example.org/api/v3/oneprovider", "https://provider.example.org/api/v3/oneprovider"],
    ["https://provider.example.org/api/v3/oneprovider/", "https://provider.example.org/api/v3/oneprovider"],
    ["  provider.example.org  ", "https://provider.example.org/api/v3/oneprovider"],
    ["http://127.0.0.1:9443", "http://127.0.0.1:9443/api/v3/oneprovider"],
    ["http://localhost", "http://localhost/api/v3/oneprovider"],
    ["http://[::1]:8080", "http://[::1]:8080/api/v3/oneprovider"],
  ])("host %j → %s", (host, expected) => {
    expect(baseUrlOf({ host })).toBe(expected);
  });

  test("baseUrl is used as it is, without a trailing slash; with host too it is a usage error", () => {
    expect(baseUrlOf({ baseUrl: "https://proxy.example.org/op/api/" })).toBe(
      "https://proxy.example.org/op/api",
    );
    expect(() =>
      baseUrlOf({ baseUrl: "https://proxy.example.org/op/api/", host: "other.example.org" }),
    ).toThrow(
      new OneproviderUsageError(
        "host and baseUrl were both given: pass host (the provider) or baseUrl (the full API base), not both",
      ),
    );
  });

  test("http to a host that is not loopback needs an explicit opt-in", () => {
    expect(() => baseUrlOf({ host: "http://provider.example.org" })).toThrow(OneproviderUsageError);
    expect(() => baseUrlOf({ host: "http://provider.example.org" })).toThrow(/allowInsecureHttp/);
    expect(() => baseUrlOf({ baseUrl: "http://10.0.0.5/api/v3/oneprovider" })).toThrow(OneproviderUsageError);
    expect(baseUrlOf({ host: "http://provider.example.org", allowInsecureHttp: true })).toBe(
      "http://provider.example.org/api/v3/oneprovider",
    );
  });

  test.each<[string, object, RegExp]>([
    ["no host nor baseUrl", {}, /host .* or baseUrl/],
    ["an empty host", { host: "  " }, /host .* or baseUrl/],
    ["another scheme", { host: "ftp://provider.example.org" }, /https/],
    ["a host with another path", { host: "https://provider.example.org/other" }, /baseUrl/],
    ["a URL with a query", { baseUrl: "https://provider.example.org/api?x=1" }, /query/],
    [
      "a baseUrl ending in a bare ?",
      { baseUrl: "https://provider.example.org/api/v3/oneprovider?" },
      /query/,
    ],
    ["a host ending in a bare #", { host: "provider.example.org#" }, /fragment/],
    ["a host that is not a URL, with credentials", { host: "https://alice:pw@bad host" }, /not a valid URL/],
    ["credentials in the URL", { host: "https://user:s3cret@provider.example.org" }, /credentials/],
    ["a baseUrl that is not a URL", { baseUrl: "not a url" }, /not a valid URL/],
    ["a token that is empty", { host: "p.example.org", token: "" }, /token/],
    ["a token with a line break", { host: "p.example.org", token: "abc\r\nX-Evil: 1" }, /printable ASCII/],
    ["a token with non-ASCII characters", { host: "p.example.org", token: "tökén" }, /printable ASCII/],
    ["an unknown authScheme", { host: "p.example.org", authScheme: "basic" }, /authScheme/],
    ["a negative timeout", { host: "p.example.org", timeoutMs: -1 }, /timeoutMs/],
    ["bad retry options", { host: "p.example.org", retry: { retries: -1 } }, /retry.retries/],
    ["a timeout a timer cannot wait", { host: "p.example.org", timeoutMs: 2 ** 31 }, /at most 2147483647/],
    [
      "a retry delay a timer cannot wait",
      { host: "p.example.org", retry: { maxDelayMs: 2 ** 31 } },
      /retry.maxDelayMs/,
    ],
    [
      "a minDelayMs larger than maxDelayMs",
      { host: "p.example.org", retry: { minDelayMs: 1000, maxDelayMs: 10 } },
      /minDelayMs must not be larger/,
    ],
  ])("%s is refused with a clear OneproviderUsageError", (_label, options, message) => {
    const create = () => createOneproviderClient(options as never);
    expect(create).toThrow(OneproviderUsageError);
    expect(create).toThrow(message);
  });

  test("a malformed token is never quoted in the error", () => {
    const error = errorOf(() => createOneproviderClient({ host: "p.example.org", token: "sëcret-token" }));
    expect(error).toBeInstanceOf(OneproviderUsageError);
    expect(error.message).not.toContain("sëcret");
  });

  test("a token with surrounding white space (a file's trailing newline) is trimmed", async () => {
    let sent: string | null = null;
    const client = createOneproviderClient({
      host: "p.example.org",
      token: "  abc.DEF-123_=\n",
      retry: false,
      fetch: async (_input, init) => {
        sent = new Headers(init?.headers).get("x-auth-token");
        return new Response("{}", { status: 200 });
      },
    });
    await client.getWorkflowExecution("wid");
    expect(sent).toBe("abc.DEF-123_=");
  });

  test.each(["https://user:s3cret@provider.example.org", "https://alice:s3cret@bad host"])(
    "credentials are never echoed in the error (%s)",
    (host) => {
      const error = errorOf(() => baseUrlOf({ host }));
      expect(error).toBeInstanceOf(OneproviderUsageError);
      expect(error.message).not.toContain("s3cret");
    },
  );
});
