import type { EngineResponse } from "./http-engine.js";

/**
 * The largest `maxResponseBytes`: a JavaScript string holds at most 2^29 − 24 UTF-16 units, and a byte
 * of UTF-8 never decodes to more than one, so a body within it always fits in one string.
 */
export const MAX_RESPONSE_BYTES = 2 ** 29 - 24;

/**
 * The whole body as text, or `undefined` when it is larger than `limitBytes` (the rest is then left
 * unread). Decoded here for every engine, the way `fetch`'s `text()` decodes: UTF-8, a leading BOM
 * dropped, malformed bytes replaced.
 */
export async function readText(response: EngineResponse, limitBytes: number): Promise<string | undefined> {
  // A declared length says it at once; a body that does not declare one is counted as it comes.
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > limitBytes) {
    await response.discard();
    return undefined;
  }
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for await (const chunk of response.stream()) {
    size += chunk.byteLength;
    if (size > limitBytes) return undefined;
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
