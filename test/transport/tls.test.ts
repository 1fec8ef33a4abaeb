import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient, OneproviderNetworkError, OneproviderUsageError } from "../../src/index.js";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { createNodeClient, createNodeFetch } from "../../src/node.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { expectNoToken, rejectionOf } from "../support/http-server.js";
import { resolveRef, spec } from "../support/spec.js";
import { makeSelfSignedCertificate, startTestHttpsServer, type TestHttpsServer } from "../support/tls.js";

const token = "tls-test-token-0123456789abcdef";
const execution = resolveRef<{ value: unknown }>(spec.components.examples.JustScheduled!).value;
let server: TestHttpsServer;
let baseUrl: string;
let cert: string;

beforeAll(async () => {
  server = await startTestHttpsServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(execution));
  });
  ({ baseUrl, cert } = server);
});
afterAll(() => server.close());

describe("a provider with a self-signed certificate", () => {
  test("without a CA the error says it is a certificate problem and how to fix it", async () => {
    const client = createOneproviderClient({ baseUrl, token, retry: false });
    const error = await rejectionOf(client.getWorkflowExecution("wid"));
    expect(error).toBeInstanceOf(OneproviderNetworkError);
    expect(error.kind).toBe("tls");
    expect(error.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(error.message).toContain("certificate");
    expect(error.message).toContain("createNodeClient({ ca })");
    // The library's advice names its own API, never the command-line tool's flags.
    expect(error.message).not.toContain("--");
    expectNoToken(error, token);
  });

  test.each(["fetch", "node:http"] as const)(
    "over %s a certificate that is not trusted is tried once, GET and POST alike: it would fail again",
    async (way) => {
      const engine = way === "node:http" ? nodeHttpEngine() : undefined;
      const options = { baseUrl, token, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } };
      const client = engine ? createClientWithEngine(options, engine) : createOneproviderClient(options);
      try {
        const before = server.connections();
        expect(await rejectionOf(client.getWorkflowExecution("wid"))).toMatchObject({ kind: "tls" });
        expect(await rejectionOf(client.cancelWorkflowExecution("wid"))).toMatchObject({ kind: "tls" });
        expect(server.connections() - before).toBe(2);
      } finally {
        engine?.close();
      }
    },
  );

  test("trusting its CA works", async () => {
    const fetch = createNodeFetch({ ca: cert });
    const client = createOneproviderClient({ baseUrl, token, fetch });
    await expect(client.getWorkflowExecution("wid")).resolves.toEqual(execution);
    await fetch.close();
  });

  test("insecure mode works, but only when asked for", async () => {
    const fetch = createNodeFetch({ insecure: true });
    await expect(
      createOneproviderClient({ baseUrl, token, fetch }).getWorkflowExecution("wid"),
    ).resolves.toEqual(execution);
    await fetch.close();
    expect(() => createNodeFetch({})).toThrow(OneproviderUsageError);
  });

  test("a CA that is not the right one still fails as a certificate problem", async () => {
    const otherDir = mkdtempSync(path.join(tmpdir(), "atm-tls-other-"));
    makeSelfSignedCertificate(otherDir, "other");
    const fetch = createNodeFetch({ ca: readFileSync(path.join(otherDir, "cert.pem"), "utf8") });
    const error = await rejectionOf(
      createOneproviderClient({ baseUrl, token, fetch, retry: false }).getWorkflowExecution("wid"),
    );
    expect(error).toMatchObject({ name: "OneproviderNetworkError", kind: "tls" });
    await fetch.close();
    rmSync(otherDir, { recursive: true, force: true });
  });

  test("ca must be PEM", () => {
    expect(() => createNodeFetch({ ca: "not a certificate" })).toThrow(/PEM/);
  });
});

describe("createNodeClient: the client over node:https, no fetch in between", () => {
  test("trusting the provider's CA works, and close() frees its connections", async () => {
    const client = createNodeClient({ baseUrl, token, ca: cert });
    await expect(client.getWorkflowExecution("wid")).resolves.toEqual(execution);
    client.close();
  });

  test("calls share one kept-alive connection until close() drops it", async () => {
    const client = createNodeClient({ baseUrl, token, ca: cert });
    try {
      const before = server.connections();
      await client.getWorkflowExecution("wid");
      await client.getWorkflowExecution("wid");
      await client.getWorkflowExecution("wid");
      expect(server.connections() - before).toBe(1);
      client.close();
      await client.getWorkflowExecution("wid");
      expect(server.connections() - before).toBe(2);
    } finally {
      client.close();
    }
  });

  test("without a CA: the certificate problem, tried once", async () => {
    const client = createNodeClient({ baseUrl, token, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } });
    try {
      const before = server.connections();
      const error = await rejectionOf(client.getWorkflowExecution("wid"));
      expect(error).toMatchObject({
        name: "OneproviderNetworkError",
        kind: "tls",
        operationId: "getWorkflowExecutionDetails",
      });
      expect(server.connections() - before).toBe(1);
    } finally {
      client.close();
    }
  });

  test("insecure: true accepts the self-signed certificate", async () => {
    const client = createNodeClient({ baseUrl, token, insecure: true });
    await expect(client.getWorkflowExecution("wid")).resolves.toEqual(execution);
    client.close();
  });

  test.each([
    ["both ca and insecure", { ca: "-----BEGIN CERTIFICATE-----", insecure: true }, /either ca or insecure/],
    ["a ca that is not PEM", { ca: "not a certificate" }, /PEM/],
    ["a fetch, which it would not use", { fetch: globalThis.fetch }, /leave fetch out/],
    ["insecure that is not a boolean", { insecure: "yes" }, /insecure must be true or false/],
  ])("refuses %s, as a usage error", (_label, extra, message) => {
    expect(() => createNodeClient({ baseUrl, token, ...(extra as object) })).toThrow(OneproviderUsageError);
    expect(() => createNodeClient({ baseUrl, token, ...(extra as object) })).toThrow(message);
  });
});
