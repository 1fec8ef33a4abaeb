/**
 * A Oneprovider to develop and test against: {@link startMockOneprovider} starts a real HTTP server on
 * loopback that authenticates as a provider does and whose executions move through the server's state
 * machine over time. For tests, demos and trying the command-line tool. Node only.
 *
 * @module oneprovider-atm-client/mock
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorJson } from "../errors/error-body.js";
import type { AtmWorkflowExecution } from "../execution/types.js";
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
  /** The execution id created for each scenario. */
  executions: Record<Scenario, string>;
  /** Every execution id the mock serves, in scenario order. */
  executionIds: string[];
  /** How many requests the mock has answered. */
  readonly requestCount: number;
  close(): Promise<void>;
}

const apiPrefix = "/api/v3/oneprovider/automation/execution/workflows/";
const stepMs = 1000;

/** The errors the real server sends in each situation. */
const errors = {
  unauthorized: {
    id: "unauthorized",
    description: "You must authenticate yourself to perform this operation.",
  },
  badToken: {
    id: "unauthorized",
    description:
      "You must authenticate yourself to perform this operation. Authentication error: Provided token could not be understood by the server.",
    details: {
      authError: { id: "badToken", description: "Provided token could not be understood by the server." },
    },
  },
  forbidden: {
    id: "forbidden",
    description: "You are not authorized to perform this operation (insufficient privileges?).",
  },
  notFound: { id: "notFound", description: "The resource could not be found." },
} satisfies Record<string, ErrorJson>;

/**
 * Starts a real HTTP server that answers "Get workflow execution details" like a provider: tokens
 * from `X-Auth-Token` (first) or `Authorization: Bearer`, 401/403/404 envelopes, and executions that
 * move through the server's state machine as time passes, compressed by `speed`.
 */
export async function startMockOneprovider(options: MockOneproviderOptions = {}): Promise<MockOneprovider> {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError("speed must be a positive number");
  const nextId = idSource(seed);
  const token = `mock-token-${nextId()}`;
  const restrictedToken = `mock-restricted-${nextId()}`;
  const startedAt = Date.now();
  const startSeconds = Math.floor(startedAt / 1000);
  const timelines = new Map<string, Frame[]>();
  const executions = {} as Record<Scenario, string>;
  for (const scenario of options.scenarios ?? SCENARIOS) {
    const frames = buildTimeline(scenario, nextId, startSeconds, stepMs);
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

  function answer(request: IncomingMessage, response: ServerResponse) {
    const url = request.url ?? "";
    if (request.method === "OPTIONS") return send(response, 204, undefined);
    if (request.method !== "GET" || !url.startsWith(apiPrefix))
      return send(response, 404, { error: errors.notFound });
    const presented = presentedToken(request);
    if (presented === undefined) return send(response, 401, { error: errors.unauthorized });
    if (presented !== token && presented !== restrictedToken)
      return send(response, 401, { error: errors.badToken });
    let wid: string;
    try {
      wid = decodeURIComponent(url.slice(apiPrefix.length).split("?")[0]!);
    } catch {
      return send(response, 404, { error: errors.notFound });
    }
    const frames = timelines.get(wid);
    // As on the real server, 404 wins over 403.
    if (!frames) return send(response, 404, { error: errors.notFound });
    if (presented === restrictedToken) return send(response, 403, { error: errors.forbidden });
    send(response, 200, stateAt(frames));
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

function send(response: ServerResponse, status: number, body: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    // Lets a page on another origin (a browser test, a dashboard in development) read the answers.
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "x-auth-token, authorization, accept",
  });
  response.end(text);
}
