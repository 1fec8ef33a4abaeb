import { getEventListeners, once } from "node:events";
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { OneproviderInvalidResponseError, OneproviderUsageError } from "../../src/errors/error-classes.js";
import { createNodeFetch } from "../../src/node.js";
import { rejectionOf, startTestServer, type Handler } from "../support/http-server.js";

// createNodeFetch on its own, as any code that takes a fetch would call it: with a URL or a Request,
// with or without init, over a real loopback server that records what arrived.
const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Arrived {
  method: string;
  headers: IncomingMessage["headers"];
  body: string;
}

async function recordingServer(answer: Handler = (_q, r) => r.end("ok")) {
  const arrived: Arrived[] = [];
  const server = await startTestServer(async (request, response, attempt) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    arrived.push({
      method: request.method ?? "",
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    });
    await answer(request, response, attempt);
  });
  closers.push(() => server.close());
  return { server, arrived };
}

function nodeFetch() {
  const fetch = createNodeFetch({ insecure: true });
  closers.push(() => fetch.close());
  return fetch;
}

describe("what a Request carries is sent when init does not say otherwise", () => {
  test("its method, headers, body and URL", async () => {
    const { server, arrived } = await recordingServer();
    const request = new Request(`${server.origin}/from-request?x=1`, {
      method: "POST",
      headers: { "x-from": "request", "content-type": "application/json" },
      body: '{"a":1}',
    });
    const response = await nodeFetch()(request);
    expect(await response.text()).toBe("ok");
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(arrived[0]!.headers["x-from"]).toBe("request");
    expect(server.requests[0]!.rawUrl).toBe("/from-request?x=1");
  });

  test("init's method, headers and body replace the Request's", async () => {
    const { server, arrived } = await recordingServer();
    const request = new Request(`${server.origin}/r`, {
      method: "PUT",
      headers: { "x-from": "request" },
      body: "from request",
    });
    await nodeFetch()(request, { method: "post", headers: { "x-from": "init" }, body: "from init" });
    expect(arrived[0]).toMatchObject({ method: "POST", body: "from init" });
    expect(arrived[0]!.headers["x-from"]).toBe("init");
  });

  test("a Request's abort signal aborts the call with its reason", async () => {
    const controller = new AbortController();
    const { server } = await recordingServer(() => controller.abort(new Error("caller stopped")));
    const request = new Request(`${server.origin}/slow`, { signal: controller.signal });
    const error = await rejectionOf(nodeFetch()(request));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("caller stopped");
  });

  test("init's signal is the one that counts", async () => {
    const controller = new AbortController();
    const { server } = await recordingServer(() => controller.abort(new Error("init's signal")));
    const request = new Request(`${server.origin}/slow`, { signal: new AbortController().signal });
    const error = await rejectionOf(nodeFetch()(request, { signal: controller.signal }));
    expect((error as Error).message).toBe("init's signal");
  });
});

describe("a URL and init alone", () => {
  test("the method defaults to GET and a call without a body sends none", async () => {
    const { server, arrived } = await recordingServer();
    await nodeFetch()(new URL(`${server.origin}/plain`));
    expect(arrived[0]).toMatchObject({ method: "GET", body: "" });
    expect(arrived[0]!.headers["content-length"]).toBeUndefined();
    expect(arrived[0]!.headers["transfer-encoding"]).toBeUndefined();
  });

  test("a lower-case method is sent upper-case", async () => {
    const { server, arrived } = await recordingServer();
    await nodeFetch()(`${server.origin}/d`, { method: "delete" });
    expect(arrived[0]!.method).toBe("DELETE");
  });

  test("every header of init arrives, each once", async () => {
    const { server, arrived } = await recordingServer();
    await nodeFetch()(`${server.origin}/h`, {
      headers: [
        ["x-one", "1"],
        ["x-two", "2"],
      ],
    });
    expect(arrived[0]!.headers).toMatchObject({ "x-one": "1", "x-two": "2" });
  });
});

describe("the answer as a Response", () => {
  test("status, status text, headers and the body", async () => {
    const { server } = await recordingServer((_q, r) => {
      r.writeHead(201, "Made", { "x-answer": "yes", "content-type": "text/plain" });
      r.end("made");
    });
    const response = await nodeFetch()(`${server.origin}/a`);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(await response.text()).toBe("made");
  });

  test.each([204, 205, 304])("a %i has no body", async (status) => {
    const { server } = await recordingServer((_q, r) => {
      r.writeHead(status);
      r.end();
    });
    const response = await nodeFetch()(`${server.origin}/none`);
    expect(response.status).toBe(status);
    expect(response.body).toBeNull();
  });

  test("599 is a status HTTP allows, 600 is not: an invalid response naming the call", async () => {
    const { server } = await recordingServer((request, r) => {
      r.writeHead(request.url === "/599" ? 599 : 600);
      r.end("x");
    });
    const fetch = nodeFetch();
    expect((await fetch(`${server.origin}/599`)).status).toBe(599);
    const error = await rejectionOf(fetch(`${server.origin}/600`, { method: "post" }));
    expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
    expect((error as Error).message).toBe(
      `POST ${server.origin}/600: HTTP status 600 is not one HTTP defines`,
    );
    expect(error).toMatchObject({ status: 600 });
    // With no method given, the request is a GET, and the message says so.
    expect((await rejectionOf(fetch(`${server.origin}/600`))).message).toBe(
      `GET ${server.origin}/600: HTTP status 600 is not one HTTP defines`,
    );
  });

  test("cancelling the body stops the reading and drops the connection", async () => {
    let serverSide: import("node:net").Socket | undefined;
    const { server } = await recordingServer((_q, r) => {
      serverSide = r.socket ?? undefined;
      r.writeHead(200);
      r.write("a first piece");
    });
    const response = await nodeFetch()(`${server.origin}/endless`);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const closed = once(serverSide!, "close");
    await reader.cancel();
    await closed;
    expect(serverSide!.destroyed).toBe(true);
  });
});

test("close() frees the kept-alive connections", async () => {
  const sockets: Array<import("node:net").Socket> = [];
  const { server } = await recordingServer((request, r) => {
    sockets.push(request.socket);
    r.end("ok");
  });
  const fetch = createNodeFetch({ insecure: true });
  closers.push(() => fetch.close());
  await (await fetch(`${server.origin}/a`)).text();
  await (await fetch(`${server.origin}/b`)).text();
  // Kept alive: the second call came over the first one's connection.
  expect(sockets[1]).toBe(sockets[0]);
  fetch.close();
  await (await fetch(`${server.origin}/c`)).text();
  expect(sockets[2]).not.toBe(sockets[0]);
});

describe("its options are checked before anything is sent", () => {
  test("neither ca nor insecure names what to use instead", () => {
    expect(() => createNodeFetch({})).toThrow(
      new OneproviderUsageError(
        "createNodeFetch needs ca (PEM) or insecure: true; without either, use the default fetch",
      ),
    );
  });

  test("every certificate of a ca list must be PEM", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    expect(() => createNodeFetch({ ca: [pem, "not one"] })).toThrow(
      "ca must be PEM text with -----BEGIN CERTIFICATE-----",
    );
    expect(() => createNodeFetch({ ca: [pem, Buffer.from(pem)] })).not.toThrow();
  });

  test("insecure must be a boolean, and not with ca", () => {
    expect(() => createNodeFetch({ insecure: "yes" as never })).toThrow(
      "createNodeFetch: insecure must be true or false",
    );
    expect(() => createNodeFetch({ insecure: true, ca: "-----BEGIN CERTIFICATE-----" })).toThrow(
      "pass either ca or insecure: true, not both",
    );
  });
});

test("calls sharing one signal leave no listener on it once their bodies are read", async () => {
  const { server } = await recordingServer((_q, r) => r.end("ok"));
  const fetch = nodeFetch();
  const signal = new AbortController().signal;
  for (let call = 0; call < 20; call += 1) {
    expect(await (await fetch(`${server.origin}/s`, { signal })).text()).toBe("ok");
  }
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
});
