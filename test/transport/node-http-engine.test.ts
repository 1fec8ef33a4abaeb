import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, expect, test } from "vitest";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { rejectionOf } from "../support/http-server.js";

// The node:http engine called directly, as the transport calls it, over a loopback server that counts
// the connections it is given: what an aborted attempt, a body read to its end or left early, and a
// body cut short do to the connection and to the caller.
const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(listener: RequestListener) {
  const sockets: Socket[] = [];
  const server: Server = createServer(listener);
  server.on("connection", (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url, sockets };
}

function engineForTest() {
  const engine = nodeHttpEngine();
  closers.push(() => engine.close());
  return engine;
}

const get = (abort = new AbortController()) => ({
  method: "GET",
  headers: {},
  body: null,
  signal: abort.signal,
});

async function drain(chunks: AsyncIterable<Uint8Array>) {
  let text = "";
  for await (const chunk of chunks) text += Buffer.from(chunk).toString();
  return text;
}

test("an attempt aborted before it starts rejects with its reason and opens no connection", async () => {
  const { url, sockets } = await serve((_q, r) => r.end("never"));
  const abort = new AbortController();
  const reason = new Error("already over");
  abort.abort(reason);
  expect(await rejectionOf(engineForTest()(url, get(abort)))).toBe(reason);
  // Long enough for a connection that had been started to arrive: a full request round trip.
  const { url: other, sockets: otherSockets } = await serve((_q, r) => r.end("ok"));
  const engine = engineForTest();
  await drain((await engine(other, get())).stream());
  expect(otherSockets).toHaveLength(1);
  expect(sockets).toHaveLength(0);
});

test("the status text is the server's reason phrase", async () => {
  const { url } = await serve((_q, r) => {
    r.writeHead(418, "Short and stout");
    r.end();
  });
  const response = await engineForTest()(url, get());
  expect(response.status).toBe(418);
  expect(response.statusText).toBe("Short and stout");
  response.discard();
});

test("a body read to its end leaves the connection for the next request", async () => {
  const { url, sockets } = await serve((_q, r) => r.end("whole"));
  const engine = engineForTest();
  expect(await drain((await engine(url, get())).stream())).toBe("whole");
  expect(await drain((await engine(url, get())).stream())).toBe("whole");
  expect(sockets).toHaveLength(1);
});

test("a body left early drops its connection, and the next request opens another", async () => {
  const { url, sockets } = await serve((_q, r) => {
    r.writeHead(200);
    r.write("first piece");
  });
  const engine = engineForTest();
  for await (const chunk of (await engine(url, get())).stream()) {
    expect(Buffer.from(chunk).toString()).toBe("first piece");
    break;
  }
  // Left early: the server sees the connection close (a kept one would never close here).
  if (!sockets[0]!.destroyed) await once(sockets[0]!, "close");
  const second = await engine(url, get());
  second.discard();
  expect(sockets).toHaveLength(2);
});

test("a compressed body left early drops its connection too", async () => {
  const { gzipSync } = await import("node:zlib");
  const start = gzipSync(Buffer.from("x".repeat(100_000)));
  const { url, sockets } = await serve((_q, r) => {
    r.writeHead(200, { "content-encoding": "gzip" });
    // A whole gzip member, then the answer stays open: only dropping the connection ends it.
    r.write(start);
  });
  const engine = engineForTest();
  for await (const chunk of (await engine(url, get())).stream()) {
    expect(chunk.length).toBeGreaterThan(0);
    break;
  }
  if (!sockets[0]!.destroyed) await once(sockets[0]!, "close");
  expect(sockets[0]!.destroyed).toBe(true);
});

test.each(["stream", "readAll"] as const)(
  "a body cut short is an ECONNRESET that says so (%s)",
  async (read) => {
    const { url } = await serve((_q, r) => {
      r.writeHead(200, { "content-length": "100" });
      r.write("only part of it", () => r.socket?.destroy());
    });
    const response = await engineForTest()(url, get());
    const error = await rejectionOf(read === "stream" ? drain(response.stream()) : response.readAll!(1_000));
    expect(error).toMatchObject({
      code: "ECONNRESET",
      message: "the connection closed before the body was complete",
    });
  },
);

test("a compressed body cut short is the same ECONNRESET", async () => {
  const { gzipSync } = await import("node:zlib");
  const whole = gzipSync(Buffer.from("x".repeat(10_000)));
  const { url } = await serve((_q, r) => {
    r.writeHead(200, { "content-encoding": "gzip", "content-length": String(whole.length) });
    r.write(whole.subarray(0, 10), () => r.socket?.destroy());
  });
  const response = await engineForTest()(url, get());
  expect(await rejectionOf(response.readAll!(1_000_000))).toMatchObject({
    code: "ECONNRESET",
    message: "the connection closed before the body was complete",
  });
});

test("an attempt aborted while its body streams rejects with the abort's reason", async () => {
  const { url } = await serve((_q, r) => {
    r.writeHead(200);
    r.write("first piece");
  });
  const abort = new AbortController();
  const response = await engineForTest()(url, get(abort));
  const reason = new Error("timed out");
  const reading = (async () => {
    for await (const _chunk of response.stream()) abort.abort(reason);
  })();
  expect(await rejectionOf(reading)).toBe(reason);
});

test("a header sent more than once is one value, joined by commas as fetch joins it", async () => {
  const { url } = await serve((_q, r) => {
    r.setHeader("set-cookie", ["a=1", "b=2"]);
    r.end();
  });
  const response = await engineForTest()(url, get());
  expect(response.headers.get("Set-Cookie")).toBe("a=1, b=2");
  expect(response.headers.get("x-absent")).toBeNull();
  response.discard();
});

// node:http emits a response's error only when someone listens for it; the engine listens only while reading.
test("a reset before anyone reads the body is no uncaught error: reading it reports it", async () => {
  const { url, sockets } = await serve((_q, r) => {
    r.writeHead(200, { "content-length": "100" });
    r.write("part", () => r.socket?.destroy());
  });
  const response = await engineForTest()(url, get());
  // The reset has reached the client's side of the connection before the body is asked for.
  if (!sockets[0]!.destroyed) await once(sockets[0]!, "close");
  await new Promise((resolve) => setImmediate(resolve));
  expect(await rejectionOf(drain(response.stream()))).toMatchObject({ code: "ECONNRESET" });
});

test("a whole answer whose compressed body is corrupt fails with the decompressor's error", async () => {
  const { url } = await serve((_q, r) => {
    r.writeHead(200, { "content-encoding": "gzip", "content-length": "12" });
    r.end("not gzip at all".slice(0, 12));
  });
  const response = await engineForTest()(url, get());
  const error = await rejectionOf(drain(response.stream()));
  expect(error).toMatchObject({ code: "Z_DATA_ERROR" });
});

test("a body read to its end lets go of its attempt: ending the attempt then drops nothing", async () => {
  const { url, sockets } = await serve((_q, r) => r.end("whole"));
  const engine = engineForTest();
  const abort = new AbortController();
  expect(await drain((await engine(url, get(abort))).stream())).toBe("whole");
  // The transport ends every attempt once its body is read.
  abort.abort();
  expect(await drain((await engine(url, get())).stream())).toBe("whole");
  expect(sockets).toHaveLength(1);
});
