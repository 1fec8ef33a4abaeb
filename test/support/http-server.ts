import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { expect } from "vitest";

export interface RecordedRequest {
  method: string;
  /** The raw request target, exactly as it arrived (still percent-encoded). */
  rawUrl: string;
  headers: IncomingMessage["headers"];
}

export type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => unknown;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The API base for `createOneproviderClient({ baseUrl })`. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, on a port the system picks, answering with `handler`. */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", rawUrl: request.url ?? "", headers: request.headers });
    Promise.resolve(handler(request, response, requests.length)).catch((error) => {
      response.destroy(error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v3/oneprovider`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType = "text/html") {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/** Asserts that the token appears nowhere in the error: message, stack, fields, cause chain, JSON. */
export function expectNoToken(error: unknown, token: string) {
  expect(error).toBeDefined();
  const views = [
    String((error as Error)?.message),
    String((error as Error)?.stack),
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 12, showHidden: true }),
  ];
  for (let cause = (error as Error)?.cause, depth = 0; cause && depth < 10; depth += 1) {
    views.push(inspect(cause, { depth: 12, showHidden: true }));
    cause = (cause as Error).cause;
  }
  for (const view of views) expect(view).not.toContain(token);
}

/** Resolves with what the promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
