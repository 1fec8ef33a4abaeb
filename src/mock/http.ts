import type { IncomingMessage, ServerResponse } from "node:http";

/** What the mock answers: JSON (or nothing), an empty answer as cowboy sends it, or a streamed one. */
export type Answer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> }
  | { status: 200; chunks: string[]; fileName: string };

/**
 * The most a request body may hold: 8 MB, cowboy's default for one read of a body. A schedule's
 * initial store content is the largest body any route takes, and far smaller; without a bound, one
 * request could take the memory of the process that hosts the mock (a test suite, say).
 */
export const MAX_BODY_BYTES = 8_000_000;

/** Why a body was not read: it is larger than {@link MAX_BODY_BYTES}. */
export class BodyTooLarge extends Error {}

/** The whole request body, as text; rejects with {@link BodyTooLarge} past the bound, reading no further. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers["content-length"]) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        request.removeAllListeners("data");
        request.pause();
        return reject(new BodyTooLarge());
      }
      chunks.push(chunk);
    });
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

/** The token as the server reads it: `X-Auth-Token` first, then `Authorization: Bearer`. */
export function presentedToken(request: IncomingMessage): string | undefined {
  const header = request.headers["x-auth-token"];
  if (typeof header === "string" && header !== "") return header;
  const authorization = request.headers.authorization;
  const match = authorization === undefined ? null : /^Bearer\s+(.+)$/i.exec(authorization);
  return match?.[1];
}

/** Whether an Accept header admits `type` (no header, `*\/*`, `type/*` or the type itself). */
export function accepts(header: string | undefined, type: string): boolean {
  if (header === undefined || header.trim() === "") return true;
  const [major] = type.split("/");
  return header.split(",").some((range) => {
    const [media, ...parameters] = range.trim().toLowerCase().split(";");
    if (parameters.some((parameter) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(parameter))) return false;
    return media === "*/*" || media === `${major}/*` || media === type;
  });
}

/** Lets a page on another origin (a browser test, a dashboard in development) read the answers. */
const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "x-auth-token, authorization, accept, content-type",
  "access-control-allow-methods": "GET, POST, DELETE",
};

/** Writes an answer: JSON with its length, no body at all (405, 406, 415), or chunk after chunk. */
export function write(response: ServerResponse, answer: Answer): void {
  if ("chunks" in answer) {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="${answer.fileName}"`,
      ...corsHeaders,
    });
    const { chunks } = answer;
    let next = 0;
    const pump = () => {
      while (next < chunks.length)
        if (!response.write(chunks[next++]!)) return void response.once("drain", pump);
      response.end();
    };
    return pump();
  }
  if ("empty" in answer) {
    response.writeHead(answer.status, { "content-length": 0, ...corsHeaders, ...answer.headers });
    return void response.end();
  }
  const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...corsHeaders,
    ...answer.headers,
  });
  response.end(text);
}
