/**
 * A Oneprovider to develop and test against: {@link startMockOneprovider} starts a real HTTP server on
 * loopback that authenticates as a provider does and whose executions move through the server's state
 * machine over time. For tests, demos and trying the command-line tool. Node only.
 *
 * @module oneprovider-atm-client/mock
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { reachableHost } from "./reachable-host.js";
import type { AddressInfo } from "node:net";
import { workflowPhase } from "../execution/phases.js";
import { forceContinue, repeat, resume, stop } from "./actions.js";
import { dumpChunks } from "./audit-log.js";
import { Play, type Program } from "./engine.js";
import { errors } from "./errors.js";
import { listPage, sanitizeListQuery } from "./listing.js";
import { LiveExecutions } from "./live.js";
import { isError, parseBody, sanitize } from "./sanitize.js";
import {
  buildTimeline,
  idSource,
  newExecution,
  scenarioProgram,
  SCENARIOS,
  type Scenario,
} from "./timeline.js";

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
  /** The space every execution belongs to, for `listWorkflowExecutions` and scheduling. */
  spaceId: string;
  /** What can be scheduled: one schema that finishes, one whose second lane fails once. */
  schemas: MockSchema[];
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

/** A workflow schema the mock can schedule (`scheduleWorkflowExecution`). */
export interface MockSchema {
  atmWorkflowSchemaId: string;
  revisionNumber: number;
  name: string;
}

/**
 * Starts a real HTTP server that answers like a provider: tokens from `X-Auth-Token` (first) or
 * `Authorization: Bearer`, the server's order of checks (405 with `allow` and no body, 401, 406, 415,
 * the body and its validation, then 404 before 403), and executions that move through the server's
 * state machine as time passes, compressed by `speed`. Every route is served: details, list (phases,
 * order, paging), schedule (`schemas`), cancel, pause, resume, force-continue, retry, rerun and
 * delete as the action × status matrix decides, and each execution's system audit log, which grows
 * as it moves. A schedule's `callback` is called on every stop.
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
  const lives = new LiveExecutions(startedAt, speed, startSeconds);
  const executions = {} as Record<Scenario, string>;
  for (const scenario of options.scenarios ?? SCENARIOS) {
    executions[scenario] = lives.add(
      0,
      buildTimeline(scenario, nextId, startSeconds, stepMs, spaceId),
      scenarioProgram(scenario),
    );
  }
  const schemas = schedulableSchemas(nextId);

  let requestCount = 0;
  const server = createServer((request, response) => {
    requestCount += 1;
    readBody(request).then(
      (body) => {
        try {
          answer(request, response, body);
        } catch {
          // A bug of the mock answers as the server's own crashes do, rather than hanging the client.
          if (!response.headersSent) send(response, 500, { error: errors.internalServerError });
        }
      },
      () => response.destroy(),
    );
  });

  const storeOwner = (storeId: string) =>
    lives.ids().find((wid) => {
      const execution = lives.state(wid)!;
      return (
        execution.systemAuditLogStoreId === storeId ||
        Object.values(execution.storeRegistry).includes(storeId)
      );
    });

  /** Schedules an execution of a sanitized request (§2). */
  function schedule(fields: Record<string, unknown>): [number, unknown] {
    const schema = schemas.find((each) => each.atmWorkflowSchemaId === fields.atmWorkflowSchemaId);
    if (!schema || schema.revisionNumber !== fields.atmWorkflowSchemaRevisionNumber)
      return [404, { error: errors.notFound }];
    const nowMs = lives.now();
    const scheduleTime = startSeconds + Math.floor(nowMs / 1000);
    const execution = newExecution(schema.name, schema.program, nextId, scheduleTime, spaceId);
    const play = new Play(execution, nowMs, startSeconds, stepMs, nextId, schema.program);
    play.record();
    const wid = lives.add(nowMs, play.runLanes(0), schema.program, fields.callback as string | undefined);
    return [201, { atmWorkflowExecutionId: wid }];
  }

  /** An action on an execution, as the matrix decides (§4 to §7). */
  function act(wid: string, action: string, fields: Record<string, unknown>): [number, unknown] {
    const live = lives.byId.get(wid)!;
    const context = {
      execution: lives.state(wid)!,
      program: live.program,
      nowMs: lives.now(),
      startSeconds,
      stepMs,
      nextId,
    };
    const result =
      action === "cancel" || action === "pause"
        ? stop(context, action)
        : action === "resume"
          ? resume(context)
          : action === "force_continue"
            ? forceContinue(context)
            : repeat(
                context,
                action as "retry" | "rerun",
                fields.laneIndex as number,
                fields.laneRunNumber as number,
              );
    if ("error" in result) return [result.status, { error: result.error }];
    if (result.play.frames.length > 0) lives.replaceFrom(wid, context.nowMs, result.play.frames);
    return [204, undefined];
  }

  // The server's order of checks (onedata-actions §0.1): method, token, Accept, Content-Type, body,
  // validation, then the route's own (a guest's 401, 404 before 403, the operation).
  function answer(request: IncomingMessage, response: ServerResponse, body: string) {
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
    const match = route.pattern.exec(path)!;
    const action = route.name === "action" ? match[2]! : undefined;
    const takesBody = route.name === "schedule" || action === "retry" || action === "rerun";
    if (takesBody && body !== "" && request.headers["content-type"] !== "application/json")
      return sendEmpty(response, 415);
    let fields: Record<string, unknown> = {};
    if (takesBody) {
      const parsed = parseBody(body, url.searchParams);
      if (isError(parsed)) return send(response, 400, { error: parsed });
      const sanitized =
        route.name === "schedule"
          ? sanitize(
              parsed,
              {
                spaceId: "nonEmptyString",
                atmWorkflowSchemaId: "nonEmptyString",
                atmWorkflowSchemaRevisionNumber: "positiveInteger",
              },
              { storeInitialContentOverlay: "jsonObject", logLevel: "logLevel", callback: "url" },
            )
          : sanitize(parsed, { laneIndex: "positiveInteger", laneRunNumber: "positiveInteger" });
      if (isError(sanitized)) return send(response, 400, { error: sanitized });
      fields = sanitized;
    }
    if (route.name === "list") {
      const query = sanitizeListQuery(url.searchParams);
      if (!("limit" in query)) return send(response, 400, { error: query });
    }
    if (presented === undefined) return send(response, 401, { error: errors.unauthorized });
    if (route.name === "schedule") {
      // Only the space privilege is checked here; an unknown space fails it too.
      if (presented === restrictedToken || fields.spaceId !== spaceId)
        return send(response, 403, { error: errors.forbidden });
      const [status, answerBody] = schedule(fields);
      if (status === 201) {
        const { atmWorkflowExecutionId } = answerBody as { atmWorkflowExecutionId: string };
        // The server's Location misses a slash after "oneprovider": clients must use the body.
        response.setHeader(
          "location",
          `http://${request.headers.host}${api}automation/execution/workflows/${atmWorkflowExecutionId}`,
        );
      }
      return send(response, status, answerBody);
    }
    let parameter: string;
    try {
      parameter = decodeURIComponent(match[1]!);
    } catch {
      return send(response, 404, { error: errors.notFound });
    }
    if (route.name === "list") {
      if (presented === restrictedToken || parameter !== spaceId)
        return send(response, 403, { error: errors.forbidden });
      const page = listPage(
        lives.ids().map((wid) => lives.state(wid)!),
        sanitizeListQuery(url.searchParams) as Exclude<ReturnType<typeof sanitizeListQuery>, { id: string }>,
      );
      return page ? send(response, 200, page) : send(response, 500, { error: errors.internalServerError });
    }
    const wid = route.name === "dump" ? storeOwner(parameter) : parameter;
    const execution = wid === undefined ? undefined : lives.state(wid);
    if (!execution) return send(response, 404, { error: errors.notFound });
    if (presented === restrictedToken) return send(response, 403, { error: errors.forbidden });
    if (route.name === "dump") {
      if (parameter !== execution.systemAuditLogStoreId)
        return send(response, 400, { error: errors.notSupported });
      return sendChunked(response, dumpChunks(lives.auditLog(wid!)), dumpFileName(wid!));
    }
    if (route.name === "execution" && request.method === "GET") return send(response, 200, execution);
    if (route.name === "execution") {
      if (!["suspended", "ended"].includes(workflowPhase(execution.status)))
        return send(response, 400, {
          error: {
            id: "atmWorkflowExecutionNotStopped",
            description: "Workflow execution has not stopped yet.",
          },
        });
      lives.discard(wid!);
      return send(response, 204, undefined);
    }
    const [status, answerBody] = act(wid!, action!, fields);
    send(response, status, answerBody);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = reachableHost(address);
  return {
    baseUrl: `http://${host}:${address.port}/api/v3/oneprovider`,
    token,
    restrictedToken,
    spaceId,
    schemas: schemas.map(({ atmWorkflowSchemaId, revisionNumber, name }) => ({
      atmWorkflowSchemaId,
      revisionNumber,
      name,
    })),
    executions,
    executionIds: Object.values(executions),
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        lives.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The schemas anyone may schedule on the mock: one that finishes, and one whose second lane fails
 * (its first run only), so that the failed run can be retried or rerun and then finish.
 */
function schedulableSchemas(nextId: () => string): Array<MockSchema & { program: Program }> {
  const lanes = ["list-files", "detect-types", "checksum"];
  return [
    {
      atmWorkflowSchemaId: nextId(),
      revisionNumber: 1,
      name: "Checksum files",
      program: { lanes, outcome: () => "finished", maxRetries: () => 0 },
    },
    {
      atmWorkflowSchemaId: nextId(),
      revisionNumber: 1,
      name: "Detect file types (lane 2 fails once)",
      program: {
        lanes,
        outcome: (laneIndex, attempt) => (laneIndex === 1 && attempt === 1 ? "failed" : "finished"),
        maxRetries: () => 0,
      },
    },
  ];
}

/** The whole request body, as text. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.once("end", () => resolve(text));
    request.once("error", reject);
  });
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
