/**
 * A Oneprovider to develop and test against: {@link startMockOneprovider} starts a real HTTP server on
 * loopback that authenticates as a provider does and whose executions move through the server's state
 * machine over time. For tests, demos and trying the command-line tool. Node only.
 *
 * @module oneprovider-atm-client/mock
 */
import { createServer, type IncomingMessage } from "node:http";
import { SPEC_VERSION } from "../../generated/enum-values.js";
import { API_PATH } from "../../generated/operations.js";
import type { AddressInfo } from "node:net";
import type { Program } from "./engine.js";
import { manualClock, realClock, type ManualClock } from "./clock.js";
import { errors } from "./errors.js";
import { mockHandlers } from "./handlers.js";
import { BodyTooLarge, readBody, write, type Answer } from "./http.js";
import { answerAs25, MOCK_RELEASES, mockContext, type MockRelease } from "./release.js";
import { LiveExecutions } from "./live.js";
import { reachableHost } from "./reachable-host.js";
import { route } from "./router.js";
import { buildTimeline, idSource, scenarioProgram, SCENARIOS, type Scenario } from "./timeline.js";

export { SCENARIOS, type Scenario } from "./timeline.js";
export { MOCK_RELEASES, type MockRelease } from "./release.js";

export interface MockOneproviderOptions {
  /** Default 0: a port the system picks. */
  port?: number;
  /** Default 127.0.0.1. The mock is for loopback; it has no TLS. */
  hostname?: string;
  /** The same seed gives the same ids, tokens and timelines. Default 1. */
  seed?: number;
  /**
   * How much faster than a provider the executions move: a step of theirs lasts 1 s / `speed`.
   * It compresses durations only: the mock's "now" is never ahead of its clock. Default 1.
   */
  speed?: number;
  /**
   * `"real"` (default): the mock's "now" is the wall clock. `"manual"`: it starts at the wall clock
   * and moves only on {@link MockOneprovider.advance} and {@link MockOneprovider.runToEnd}, so a
   * test sees exactly the states it asks for, however loaded the machine.
   */
  clock?: "real" | "manual";
  /**
   * The release line to answer as: `"21.02.8"` (default, the spec's own) or `"25.1"`, whose errors
   * carry `ctx` (but `notFound`, `notSupported`, `alreadyExists`, `timeout`), a `null`
   * `details.authError` on a 401 without a token and 25.x's wording, and whose configuration says 25.1.
   */
  release?: MockRelease;
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
  /** The release line it answers as. */
  release: MockRelease;
  /** How many requests the mock has answered. */
  readonly requestCount: number;
  /**
   * With `clock: "manual"`: moves the mock's time forward by `ms`. When it resolves, every change due
   * by then has happened, and every callback due by then has been delivered (or has failed).
   */
  advance(ms: number): Promise<void>;
  /**
   * With `clock: "manual"`: moves the mock's time to where every execution has ended or is suspended
   * (paused), as things stand; an action after it may set executions moving again.
   */
  runToEnd(): Promise<void>;
  close(): Promise<void>;
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
 * state machine as time passes (the wall clock's, or a manual clock's), compressed by `speed`. Every route is served: details, list (phases,
 * order, paging), schedule (`schemas`), cancel, pause, resume, force-continue, retry, rerun and
 * delete as the action × status matrix decides, and each execution's system audit log, which grows
 * as it moves. A schedule's `callback` is called on every stop.
 *
 * @example
 * ```ts
 * import { createOneproviderClient } from "oneprovider-atm-client";
 * import { startMockOneprovider } from "oneprovider-atm-client/mock";
 *
 * const mock = await startMockOneprovider({ clock: "manual" }); // moves only when told
 * const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
 * await mock.runToEnd();
 * console.log((await client.getWorkflowExecution(mock.executions.failed)).status); // "failed"
 * await mock.close();
 * ```
 */
export async function startMockOneprovider(options: MockOneproviderOptions = {}): Promise<MockOneprovider> {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError("speed must be a positive number");
  const clockKind = options.clock ?? "real";
  if (clockKind !== "real" && clockKind !== "manual")
    throw new RangeError(`clock must be "real" or "manual", not ${JSON.stringify(clockKind)}`);
  const release = options.release ?? SPEC_VERSION;
  if (!MOCK_RELEASES.includes(release))
    throw new RangeError(
      `release must be one of ${MOCK_RELEASES.join(", ")}, not ${JSON.stringify(release)}`,
    );
  const stepMs = 1000 / speed;
  const nextId = idSource(seed);
  const token = `mock-token-${nextId()}`;
  const restrictedToken = `mock-restricted-${nextId()}`;
  const spaceId = nextId();
  const manual = clockKind === "manual" ? manualClock(Date.now()) : undefined;
  const clock = manual ?? realClock();
  const lives = new LiveExecutions(clock);
  const startedAt = clock.now();
  const executions = {} as Record<Scenario, string>;
  for (const scenario of options.scenarios ?? SCENARIOS) {
    executions[scenario] = lives.add(
      startedAt,
      buildTimeline(scenario, nextId, startedAt, stepMs, spaceId),
      scenarioProgram(scenario),
    );
  }
  const schemas = schedulableSchemas(nextId);

  const handlers = mockHandlers({
    lives,
    spaceId,
    restrictedToken,
    schemas,
    stepMs,
    nextId,
    apiPath: API_PATH,
    release,
  });
  const knownTokens = new Set([token, restrictedToken]);

  const contextFor = (request: IncomingMessage) => () =>
    mockContext(clock.now(), request.headers.host?.replace(/:\d+$/, "") ?? "127.0.0.1");
  let requestCount = 0;
  const server = createServer((request, response) => {
    requestCount += 1;
    readBody(request).then(
      (body) => {
        try {
          // Preflight for pages on other origins (a browser test, a dashboard in development).
          if (request.method === "OPTIONS") return write(response, { status: 204 });
          const routed = route(request, body, knownTokens, API_PATH);
          const answer = "operationId" in routed ? handlers[routed.operationId](routed) : routed;
          write(response, release === "25.1" ? answerAs25(answer, contextFor(request)) : answer);
        } catch {
          // A bug of the mock answers as the server's own crashes do, rather than hanging the client.
          if (!response.headersSent) {
            const crash: Answer = { status: 500, body: { error: errors.internalServerError } };
            write(response, release === "25.1" ? answerAs25(crash, contextFor(request)) : crash);
          }
        }
      },
      (error: unknown) => {
        if (!(error instanceof BodyTooLarge)) return response.destroy();
        // Answered without reading the rest, and the connection closed: what is still coming is dropped.
        response.writeHead(413, { "content-length": 0, connection: "close" });
        response.end(() => request.destroy());
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = reachableHost(address);
  const manualOnly = (method: string): ManualClock => {
    if (!manual) throw new Error(`${method}() moves a manual clock: start the mock with { clock: "manual" }`);
    return manual;
  };
  return {
    baseUrl: `http://${host}:${address.port}${API_PATH}`,
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
    release,
    get requestCount() {
      return requestCount;
    },
    advance: async (ms) => {
      if (typeof ms !== "number" || !(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError(`advance takes a number of milliseconds, 0 or more, not ${String(ms)}`);
      await manualOnly("advance").advanceTo(clock.now() + ms);
    },
    runToEnd: async () => {
      await manualOnly("runToEnd").advanceTo(lives.settledAt());
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
