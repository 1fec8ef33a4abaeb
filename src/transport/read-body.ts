import type { EngineResponse } from "./http-engine.js";

/**
 * The largest `maxResponseBytes`: a JavaScript string holds at most 2^29 − 24 UTF-16 units, and a byte
 * of UTF-8 never decodes to more than one, so a body within it always fits in one string.
 */
export const MAX_RESPONSE_BYTES = 2 ** 29 - 24;

/**
 * The whole body, as chunks, or `undefined` when it is larger than `limitBytes` (the rest is then left
 * unread).
 */
export function readChunks(response: EngineResponse, limitBytes: number): Promise<Uint8Array[] | undefined> {
  // A declared length says it at once; a body that does not declare one is counted as it comes.
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > limitBytes) return Promise.resolve(response.discard()).then(() => undefined);
  return response.readAll ? response.readAll(limitBytes) : collectChunks(response.stream(), limitBytes);
}

/**
 * A body's text, decoded here for every engine the way `fetch`'s `text()` decodes: UTF-8, a leading
 * BOM dropped, malformed bytes replaced.
 */
export function decodeChunks(chunks: Uint8Array[]): string {
  // Joined, then decoded once: a multi-byte character may straddle two chunks.
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(whole);
}

/** A decoder that keeps no state between calls ending without `stream: true`, so one serves every body. */
const decoder = new TextDecoder();

/** All of `chunks`, or `undefined` once they pass `limitBytes` (the reading then stops). */
export async function collectChunks(
  source: AsyncIterable<Uint8Array>,
  limitBytes: number,
): Promise<Uint8Array[] | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limitBytes) return undefined;
    chunks.push(chunk);
  }
  return chunks;
}
