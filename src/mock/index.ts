/**
 * A Oneprovider to develop and test against: {@link startMockOneprovider} starts a real HTTP server on
 * loopback that authenticates as a provider does and whose executions move through the server's state
 * machine over time. For tests, demos and trying the command-line tool. Node only.
 *
 * @module oneprovider-atm-client/mock
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import { auditLogOf, dumpChunks } from "./audit-log.js";
import { errors } from "./errors.js";
import { listPage, sanitizeListQuery } from "./listing.js";
import { buildTimeline, idSource, SCENARIOS, type Frame, type Scenario } from "./timeline.js";

export { SCENARIOS, type Scenario } from "./timeline.js";

export interface MockOneproviderOptions {
  /** Default 0: a port the system picks. */
  port?: number;
  /** Default 127.0.0.1. The mock is for loopback; it has no TLS. */
  hostname?: string;
  /** The same seed gives the same ids, tokens and timelines. Default 1. */
  seed?: number;
  /** Simulated time runs this many times faster than real time. Default 1 (a step is 1 s). */
  speed?: number;
  /** The executions to create, one per scenario. Default: one of each. */
  scenarios?: readonly Scenario[];
}

export interface MockOneprovider {
  /** Ready for `createOneproviderClient({ baseUrl, token })`. */
  baseUrl: string;
  /** A token that may see every execution. */
  token: string;
  /** A valid token whose user may see none of them: 403 for a known id, 404 for an unknown one. */
  restrictedToken: string;
  /** The space every execution belongs to, for `listWorkflowExecutions`. */
  spaceId: string;
  /** The execution id created for each scenario. */
  executions: Record<Scenario, string>;
  /** Every execution id the mock serves, in scenario order. */
  executionIds: string[];
  /** How many requests the mock has answered. */
  readonly requestCount: number;
  close(): Promise<void>;
}

const api = "/api/v3/oneprovider";
const stepMs = 1000;

/** The routes of the automation API, with the methods the server allows on each (anything else: 405). */
const routes: Array<{ pattern: RegExp; allow: string[]; name: string }> = [
  { pattern: /^\/automation\/execution\/workflows\/([^/]+)$/, allow: ["DELETE", "GET"], name: "execution" },
  {
    pattern:
      /^\/automation\/execution\/workflows\/([^/]+)\/(cancel|pause|resume|force_continue|retry|rerun)$/,
    allow: ["POST"],
    name: "action",
  },
  { pattern: /^\/automation\/execution\/workflows$/, allow: ["POST"], name: "schedule" },
  { pattern: /^\/spaces\/([^/]+)\/automation\/execution\/workflows$/, allow: ["GET"], name: "list" },
  { pattern: /^\/automation\/execution\/stores\/([^/]+)\/dump$/, allow: ["GET"], name: "dump" },
];

/** Whether an Accept header admits `type` (no header, `*\/*`, `type/*` or the type itself). */
function accepts(header: string | undefined, type: string): boolean {
  if (header === undefined || header.trim() === "") return true;
  const [major] = type.split("/");
  return header.split(",").some((range) => {
    const [media, ...parameters] = range.trim().toLowerCase().split(";");
    if (parameters.some((parameter) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(parameter))) return false;
    return media === "*/*" || media === `${major}/*` || media === type;
  });
}

/**
 * Starts a real HTTP server that answers like a provider: tokens from `X-Auth-Token` (first) or
 * `Authorization: Bearer`, the server's order of checks (405 with `allow` and no body, 401, 406, then
 * 404 before 403), and executions that move through the server's state machine as time passes,
 * compressed by `speed`. It serves the details, the list of a space (phases, order, paging and
 * validation as the server does them) and the dump of each execution's system audit log, which grows
 * as the execution moves. Scheduling and the actions are not served yet: they answer 501.
 */
export async function startMockOneprovider(options: MockOneproviderOptions = {}): Promise<MockOneprovider> {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError("speed must be a positive number");
  const nextId = idSource(seed);
  const token = `mock-token-${nextId()}`;
  const restrictedToken = `mock-restricted-${nextId()}`;
  const spaceId = nextId();
  const startedAt = Date.now();
  const startSeconds = Math.floor(startedAt / 1000);
  const timelines = new Map<string, Frame[]>();
  const executions = {} as Record<Scenario, string>;
  for (const scenario of options.scenarios ?? SCENARIOS) {
    const frames = buildTimeline(scenario, nextId, startSeconds, stepMs, spaceId);
    const wid = frames[0]!.execution.atmWorkflowExecutionId;
    timelines.set(wid, frames);
    executions[scenario] = wid;
  }

  const stateAt = (frames: Frame[]): AtmWorkflowExecution => {
    let remaining = (Date.now() - startedAt) * speed;
    for (const frame of frames) {
      if (remaining < frame.durationMs) return frame.execution;
      remaining -= frame.durationMs;
    }
    return frames[frames.length - 1]!.execution;
  };

  let requestCount = 0;
  const server = createServer((request, response) => {
    requestCount += 1;
    answer(request, response);
  });

  const now = () => (Date.now() - startedAt) * speed;
  const stateOf = (wid: string) => {
    const frames = timelines.get(wid);
    return frames && stateAt(frames);
  };
  const storeOwners = new Map<string, string>();
  for (const [wid, frames] of timelines) {
    const first = frames[0]!.execution;
    storeOwners.set(first.systemAuditLogStoreId!, wid);
    for (const store of Object.values(first.storeRegistry)) storeOwners.set(store, wid);
  }
  const auditLogs = new Map<string, Array<AuditLogEntry & { atMs: number }>>();
  const auditLogOfExecution = (wid: string) => {
    let log = auditLogs.get(wid);
    if (!log) auditLogs.set(wid, (log = auditLogOf(timelines.get(wid)!, startSeconds * 1000)));
    return log.filter((entry) => entry.atMs <= now()).map(({ atMs: _atMs, ...entry }) => entry);
  };

  // The server's order of checks (onedata-actions §0.1): method, token, Accept, then the route's own.
  function answer(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://mock");
    // Preflight for pages on other origins (a browser test, a dashboard in development).
    if (request.method === "OPTIONS") return send(response, 204, undefined);
    const path = url.pathname.startsWith(`${api}/`) ? url.pathname.slice(api.length) : undefined;
    const route = path === undefined ? undefined : routes.find((each) => each.pattern.test(path));
    if (!route || path === undefined) return send(response, 404, { error: errors.notFound });
    if (!route.allow.includes(request.method ?? ""))
      return sendEmpty(response, 405, { allow: route.allow.join(", ") });
    const presented = presentedToken(request);
    if (presented !== undefined && presented !== token && presented !== restrictedToken)
      return send(response, 401, { error: errors.badToken });
    const produces = route.name === "dump" ? "application/octet-stream" : "application/json";
    if (!accepts(request.headers.accept, produces)) return sendEmpty(response, 406);
    if (route.name !== "execution" && route.name !== "list" && route.name !== "dump")
      return send(response, 501, { error: errors.notServedYet });
    if (request.method !== "GET") return send(response, 501, { error: errors.notServedYet });
    let parameter: string;
    try {
      parameter = decodeURIComponent(route.pattern.exec(path)![1]!);
    } catch {
      return send(response, 404, { error: errors.notFound });
    }
    if (route.name === "list") {
      const query = sanitizeListQuery(url.searchParams);
      if (!("limit" in query)) return send(response, 400, { error: query });
      if (presented === undefined) return send(response, 401, { error: errors.unauthorized });
      // An unknown space is 403 too: the privilege check fails before anything else is looked up.
      if (presented === restrictedToken || parameter !== spaceId)
        return send(response, 403, { error: errors.forbidden });
      const executions = [...timelines.keys()].map((wid) => stateOf(wid)!);
      const page = listPage(executions, query);
      return page ? send(response, 200, page) : send(response, 500, { error: errors.internalServerError });
    }
    if (presented === undefined) return send(response, 401, { error: errors.unauthorized });
    const wid = route.name === "dump" ? storeOwners.get(parameter) : parameter;
    // As on the real server, 404 wins over 403.
    const execution = wid === undefined ? undefined : stateOf(wid);
    if (!execution) return send(response, 404, { error: errors.notFound });
    if (presented === restrictedToken) return send(response, 403, { error: errors.forbidden });
    if (route.name === "execution") return send(response, 200, execution);
    if (parameter !== execution.systemAuditLogStoreId)
      return send(response, 400, { error: errors.notSupported });
    sendChunked(response, dumpChunks(auditLogOfExecution(wid!)), dumpFileName(wid!));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    baseUrl: `http://${host}:${address.port}/api/v3/oneprovider`,
    token,
    restrictedToken,
    spaceId,
    executions,
    executionIds: [...timelines.keys()],
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The token as the server reads it: `X-Auth-Token` first, then `Authorization: Bearer`. */
function presentedToken(request: IncomingMessage): string | undefined {
  const header = request.headers["x-auth-token"];
  if (typeof header === "string" && header !== "") return header;
  const authorization = request.headers.authorization;
  const match = authorization === undefined ? null : /^Bearer\s+(.+)$/i.exec(authorization);
  return match?.[1];
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "x-auth-token, authorization, accept, content-type",
  "access-control-allow-methods": "GET, POST, DELETE",
};

/** The name the server gives a workflow's system log dump, with the time in UTC. */
function dumpFileName(wid: string): string {
  const time = new Date().toISOString().slice(0, 19).replace("T", "_").replaceAll(":", "-");
  return `${wid.slice(0, 12)}.audit_log.WORKFLOW-SYSTEM-AUDIT-LOG.${time}.json`;
}

/** An answer with no body, as cowboy sends 405, 406 and 415. */
function sendEmpty(response: ServerResponse, status: number, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-length": 0, ...corsHeaders, ...headers });
  response.end();
}

/** A streamed answer, one chunk at a time, as the dump route sends its items. */
function sendChunked(response: ServerResponse, chunks: string[], fileName: string) {
  response.writeHead(200, {
    "content-type": "application/json",
    "content-disposition": `attachment; filename="${fileName}"`,
    ...corsHeaders,
  });
  let next = 0;
  const pump = () => {
    while (next < chunks.length)
      if (!response.write(chunks[next++]!)) return void response.once("drain", pump);
    response.end();
  };
  pump();
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    // Lets a page on another origin (a browser test, a dashboard in development) read the answers.
    ...corsHeaders,
  });
  response.end(text);
}
