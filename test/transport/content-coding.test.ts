import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createDeflate,
  createGzip,
  deflateSync,
  gzipSync,
} from "node:zlib";
import type { Transform } from "node:stream";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { makeExecution } from "../support/executions.js";
import { startTestServer, type TestServer } from "../support/http-server.js";

// The node:http engine undoes the codings fetch undoes, whatever their case, and leaves a plain
// body (identity, or an empty coding) as it is: each answered by a real loopback server.
const execution = makeExecution();
const text = JSON.stringify(execution);
const encoded: Record<string, (body: Buffer) => Buffer> = {
  gzip: gzipSync,
  "x-gzip": gzipSync,
  " GZip ": gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
  BR: brotliCompressSync,
  identity: (body) => body,
  " Identity ": (body) => body,
  "": (body) => body,
  // A coding it does not undo is left as it came (here the server did not really compress).
  compress: (body) => body,
};

/** The body compressed and flushed, but without the compressed stream's end (its trailer, last block). */
async function withoutItsEnd(compressor: Transform, flushKind: number, body: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  compressor.on("data", (chunk: Buffer) => out.push(chunk));
  compressor.write(body);
  await new Promise<void>((resolve) =>
    (compressor as unknown as { flush(kind: number, done: () => void): void }).flush(flushKind, resolve),
  );
  compressor.destroy();
  return Buffer.concat(out);
}
const unfinished: Record<string, () => Promise<Buffer>> = {
  gzip: () => withoutItsEnd(createGzip(), constants.Z_SYNC_FLUSH, Buffer.from(text)),
  deflate: () => withoutItsEnd(createDeflate(), constants.Z_SYNC_FLUSH, Buffer.from(text)),
  br: () => withoutItsEnd(createBrotliCompress(), constants.BROTLI_OPERATION_FLUSH, Buffer.from(text)),
};

let server: TestServer;
const engine = nodeHttpEngine();
beforeAll(async () => {
  server = await startTestServer(async (request, response) => {
    // The execution id names the coding: "c=" and the coding.
    const coding = decodeURIComponent(
      new URL(request.url ?? "/", "http://x").pathname.split("/").pop()!,
    ).slice(2);
    const body = coding.startsWith("unfinished ")
      ? await unfinished[coding.slice("unfinished ".length)]!()
      : encoded[coding]!(Buffer.from(text));
    response.writeHead(200, {
      "content-type": "application/json",
      "content-encoding": coding.replace("unfinished ", ""),
      "content-length": body.length,
    });
    response.end(body);
  });
});
afterAll(async () => {
  engine.close();
  await server.close();
});

test.each(Object.keys(encoded))("content-encoding %j: the execution, as sent", async (coding) => {
  const client = createClientWithEngine({ baseUrl: server.baseUrl, token: "t", retry: false }, engine);
  expect(await client.getWorkflowExecution(`c=${coding}`)).toEqual(execution);
});

// As undici reads them: a compressed stream whose very end is missing still gives what it holds.
test.each(Object.keys(unfinished))(
  "a %s stream without its end is read as far as it goes",
  async (coding) => {
    const client = createClientWithEngine({ baseUrl: server.baseUrl, token: "t", retry: false }, engine);
    expect(await client.getWorkflowExecution(`c=unfinished ${coding}`)).toEqual(execution);
  },
);
