import { afterAll, beforeAll, expect, test } from "vitest";
import { liveExchanger } from "../../src/conformance/live-exchanger.js";
import type { ExchangeRequest } from "../../src/conformance/exchange.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { startTestServer, type TestServer } from "../support/http-server.js";

// The live exchanger against hostile answers: an endless body, a server that never ends its answer,
// a token echoed back. A conformance run must end, in bounded memory, and never show the token.
const token = "conformance-secret-token-0123456789";
let server: TestServer;
const engine = nodeHttpEngine();
beforeAll(async () => {
  server = await startTestServer((request, response) => {
    if (request.url?.endsWith("/endless")) {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "[");
      const write = () => {
        while (response.write(chunk));
        response.once("drain", write);
      };
      write();
      return;
    }
    if (request.url?.endsWith("/silent")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
      return; // never ends
    }
    response.writeHead(401, { "content-type": "application/json", location: `/echo?${token}` });
    response.end(
      JSON.stringify({
        error: { id: "unauthorized", description: `bad token ${request.headers["x-auth-token"]}` },
      }),
    );
  });
});
afterAll(async () => {
  engine.close();
  await server.close();
});

const request = (path: string): ExchangeRequest => ({
  check: "t",
  operationId: "getWorkflowExecutionDetails",
  method: "GET",
  path,
  auth: "token",
});
const exchanger = (timeoutMs = 5_000) =>
  liveExchanger({
    baseUrl: server.baseUrl,
    token,
    authScheme: "x-auth-token",
    engine,
    timeoutMs,
    maxBodyBytes: 256 * 1024,
    userAgent: "test",
  });

test("an endless body is cut at maxBodyBytes, and marked cut", async () => {
  const result = await exchanger()(request("/endless"));
  expect("response" in result && result.response.truncated).toBe(true);
  expect("response" in result && result.response.body.length).toBe(256 * 1024);
});

test("an answer that never ends is no answer after the timeout", async () => {
  const result = await exchanger(300)(request("/silent"));
  expect(result).toEqual({ noAnswer: true, error: "no complete answer within 300 ms" });
});

test("the token echoed in a body or a header never leaves the exchanger", async () => {
  const result = await exchanger()(request("/echo"));
  expect(JSON.stringify(result)).not.toContain(token);
  expect("response" in result && result.response.body).toContain("[token]");
  expect(server.requests.at(-1)!.headers["x-auth-token"]).toBe(token);
});
