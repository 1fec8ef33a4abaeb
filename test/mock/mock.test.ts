import { afterEach, describe, expect, test } from "vitest";
import {
  createOneproviderClient,
  latestRun,
  OneproviderApiError,
  type AtmWorkflowExecution,
} from "../../src/index.js";
import { SCENARIOS, startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { buildTimeline, idSource } from "../../src/mock/timeline.js";
import { dumpAuditLog } from "../../src/audit-log.js";
import { validateWorkflowExecution } from "../../src/validate.js";
import { rejectionOf, startTestServer } from "../support/http-server.js";
import { steppingFetch } from "../support/mock-clock.js";
import { schemaValidator } from "../support/spec.js";

const validateStrictly = schemaValidator("AtmWorkflowExecutionDetails");
const validateError = schemaValidator("ErrorResponse");
let mock: MockOneprovider | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const frames = (scenario: (typeof SCENARIOS)[number]) =>
  buildTimeline(scenario, idSource(7), 1764241200_000, 1000).map((frame) => frame.execution);

describe("the mock's timelines follow the server's state machine", () => {
  test.each(SCENARIOS)(
    "every state of %s validates against openapi.yaml, with today's statuses",
    (scenario) => {
      for (const execution of frames(scenario)) {
        expect(validateStrictly(execution), JSON.stringify(validateStrictly.errors)).toBe(true);
      }
    },
  );

  test("finished: scheduled → active → lane runs preparing, enqueued, active → finished", () => {
    const states = frames("finished");
    expect(states[0]!.status).toBe("scheduled");
    expect(states[0]!.lanes[0]!.runs).toEqual([
      expect.objectContaining({ runNumber: 1, status: "scheduled" }),
    ]);
    expect(states[0]!.lanes[1]!.runs).toEqual([]);
    const laneOneStatuses = [...new Set(states.map((state) => state.lanes[0]!.runs[0]!.status))];
    expect(laneOneStatuses).toEqual(["scheduled", "preparing", "enqueued", "active", "finished"]);
    expect(states.at(-1)!.status).toBe("finished");
    expect(states.at(-1)!.finishTime).toBeGreaterThan(0);
  });

  test("while active, the next lane has a run prepared in advance, with runNumber null", () => {
    const preparedInAdvance = frames("finished").filter(
      (state) => state.status === "active" && state.lanes.some((lane) => lane.runs[0]?.runNumber === null),
    );
    expect(preparedInAdvance.length).toBeGreaterThan(0);
  });

  test("retried: a failed lane is retried automatically, with its origin, and the run numbers have a gap", () => {
    const last = frames("retried").at(-1)!;
    expect(last.status).toBe("finished");
    const retried = last.lanes[1]!;
    expect(retried.runs.map((run) => [run.runNumber, run.runType, run.originRunNumber, run.status])).toEqual([
      [2, "retry", 1, "finished"],
      [1, "regular", null, "failed"],
    ]);
    expect(retried.runs[0]!.iteratedStoreId).toBe(retried.runs[1]!.exceptionStoreId);
    expect(latestRun(last.lanes[2]!)?.runNumber).toBe(2);
    expect(last.lanes[0]!.runs.map((run) => run.runNumber)).toEqual([1]);
  });

  test("failed: the execution ends failed with a retriable lane run, and no run prepared in advance", () => {
    const last = frames("failed").at(-1)!;
    expect(last.status).toBe("failed");
    expect(
      last.lanes.flatMap((lane) => lane.runs).some((run) => run.isRetriable && run.status === "failed"),
    ).toBe(true);
    expect(last.lanes.flatMap((lane) => lane.runs).every((run) => run.runNumber !== null)).toBe(true);
  });

  test("crashed: nothing can be retried or rerun", () => {
    const last = frames("crashed").at(-1)!;
    expect(last.status).toBe("crashed");
    expect(last.lanes.flatMap((lane) => lane.runs).every((run) => !run.isRetriable && !run.isRerunable)).toBe(
      true,
    );
  });

  test("paused: suspended with a suspend time, and not ended", () => {
    const last = frames("paused").at(-1)!;
    expect(last.status).toBe("paused");
    expect(last.suspendTime).toBeGreaterThan(0);
    expect(last.finishTime).toBe(0);
  });

  test("the same seed gives the same timelines; another seed other ids", () => {
    const a = buildTimeline("retried", idSource(42), 0, 1000);
    const b = buildTimeline("retried", idSource(42), 0, 1000);
    const c = buildTimeline("retried", idSource(43), 0, 1000);
    expect(a).toEqual(b);
    expect(c[0]!.execution.atmWorkflowExecutionId).not.toBe(a[0]!.execution.atmWorkflowExecutionId);
  });
});

/** What moves in an execution: its status and each lane's runs, by number and status. */
const shape = (execution: AtmWorkflowExecution) => [
  execution.status,
  execution.lanes.map((lane) => lane.runs.map((run) => [run.runNumber, run.status])),
];

describe("the mock server", () => {
  test("in real time, executions move on as the wall clock passes, compressed by speed", async () => {
    mock = await startMockOneprovider({ speed: 20, seed: 3 });
    const client = createOneproviderClient({
      baseUrl: mock.baseUrl,
      token: mock.token,
      validate: validateWorkflowExecution,
    });
    const seen: string[] = [];
    const execution = await client.waitForWorkflowExecution(mock.executions.finished, {
      intervalMs: 5,
      maxIntervalMs: 20,
      onUpdate: (current) => seen.push(current.status),
    });
    expect(execution.status).toBe("finished");
    expect(new Set(seen).size).toBeGreaterThan(1);
    expect(seen).toContain("active");
  });

  test("in real time, speed compresses durations but nothing the mock reports is in the future", async () => {
    const startedAt = Date.now();
    mock = await startMockOneprovider({ speed: 50, scenarios: ["finished"] });
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    const wid = mock.executions.finished;
    const finished = await client.waitForWorkflowExecution(wid, { intervalMs: 5, maxIntervalMs: 20 });
    const log = [];
    for await (const entry of dumpAuditLog(client, finished.systemAuditLogStoreId!)) log.push(entry);
    const readAt = Date.now();
    // Read after the fact, every time is between the mock's start and now (times in seconds are floored).
    for (const seconds of [finished.scheduleTime, finished.startTime, finished.finishTime]) {
      expect(seconds).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000));
      expect(seconds * 1000).toBeLessThanOrEqual(readAt);
    }
    expect(log.length).toBeGreaterThan(3);
    for (const entry of log) {
      expect(entry.timestamp).toBeGreaterThanOrEqual(startedAt);
      expect(entry.timestamp).toBeLessThanOrEqual(readAt);
    }
  });

  test("on the manual clock, nothing moves until told; advance(ms) shows exactly the state due by then", async () => {
    mock = await startMockOneprovider({ clock: "manual", scenarios: ["finished"] });
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    const wid = mock.executions.finished;
    const first = await client.getWorkflowExecution(wid);
    expect(first.status).toBe("scheduled");
    // However long the test itself takes, the mock stays where it is.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await client.getWorkflowExecution(wid)).toEqual(first);
    const timeline = buildTimeline("finished", idSource(1), first.scheduleTime * 1000, 1000);
    let elapsed = 0;
    for (const frame of timeline.slice(0, -1)) {
      expect(shape(await client.getWorkflowExecution(wid))).toEqual(shape(frame.execution));
      await mock.advance(frame.durationMs);
      elapsed += frame.durationMs;
    }
    const last = await client.getWorkflowExecution(wid);
    expect(last.status).toBe("finished");
    expect(last.finishTime - last.scheduleTime).toBe(elapsed / 1000);
  });

  test("on the manual clock, speed still compresses: at speed 4 a step is 250 ms", async () => {
    mock = await startMockOneprovider({ clock: "manual", speed: 4, scenarios: ["finished"] });
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    const wid = mock.executions.finished;
    await mock.advance(249);
    expect((await client.getWorkflowExecution(wid)).lanes[0]!.runs[0]!.status).toBe("scheduled");
    await mock.advance(1);
    expect((await client.getWorkflowExecution(wid)).lanes[0]!.runs[0]!.status).toBe("preparing");
  });

  test("runToEnd() brings every execution to where it ends or is suspended, with its whole audit log", async () => {
    mock = await startMockOneprovider({ clock: "manual" });
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    await mock.runToEnd();
    const statuses = await Promise.all(
      SCENARIOS.map(
        async (scenario) => (await client.getWorkflowExecution(mock!.executions[scenario])).status,
      ),
    );
    expect(statuses).toEqual(["finished", "finished", "failed", "cancelled", "crashed", "paused"]);
    const finished = await client.getWorkflowExecution(mock.executions.finished);
    const log = [];
    for await (const entry of dumpAuditLog(client, finished.systemAuditLogStoreId!)) log.push(entry);
    expect(log.at(-1)!.content).toMatchObject({ description: "Stopped execution." });
    expect(Math.floor(log.at(-1)!.timestamp / 1000)).toBe(finished.finishTime);
    // An action sets one moving again; runToEnd follows it to its new end.
    await client.resumeWorkflowExecution(mock.executions.paused);
    expect((await client.getWorkflowExecution(mock.executions.paused)).status).toBe("resuming");
    await mock.runToEnd();
    expect((await client.getWorkflowExecution(mock.executions.paused)).status).toBe("finished");
    // Nothing left to do: runToEnd changes nothing.
    const before = await client.getWorkflowExecution(mock.executions.paused);
    await mock.runToEnd();
    expect(await client.getWorkflowExecution(mock.executions.paused)).toEqual(before);
  });

  test("on the manual clock, a callback due is delivered before advance() resolves", async () => {
    const calls: unknown[] = [];
    const receiver = await startTestServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        calls.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    try {
      mock = await startMockOneprovider({ clock: "manual", scenarios: [] });
      const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
      const { atmWorkflowExecutionId } = await client.scheduleWorkflowExecution({
        spaceId: mock.spaceId,
        atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
        atmWorkflowSchemaRevisionNumber: 1,
        callback: `${receiver.origin}/done`,
      });
      await mock.advance(1000);
      expect(calls).toEqual([]);
      await mock.runToEnd();
      expect(calls).toEqual([{ atmWorkflowExecutionId, status: "finished" }]);
    } finally {
      await receiver.close();
    }
  });

  test("advance and runToEnd belong to the manual clock; bad clocks and steps are refused", async () => {
    mock = await startMockOneprovider({ scenarios: [] });
    await expect(mock.advance(10)).rejects.toThrow(
      'advance() moves a manual clock: start the mock with { clock: "manual" }',
    );
    await expect(mock.runToEnd()).rejects.toThrow(
      'runToEnd() moves a manual clock: start the mock with { clock: "manual" }',
    );
    await expect(startMockOneprovider({ clock: "fake" as "manual" })).rejects.toThrow(
      'clock must be "real" or "manual", not "fake"',
    );
    const manual = await startMockOneprovider({ clock: "manual", scenarios: [] });
    try {
      for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "10" as unknown as number])
        await expect(manual.advance(bad)).rejects.toThrow(RangeError);
    } finally {
      await manual.close();
    }
  });

  test.each(SCENARIOS)("every answer for %s validates, all the way through", async (scenario) => {
    mock = await startMockOneprovider({ clock: "manual", scenarios: [scenario] });
    const client = createOneproviderClient({
      baseUrl: mock.baseUrl,
      token: mock.token,
      fetch: steppingFetch(mock),
    });
    const states: AtmWorkflowExecution[] = [];
    await client.waitForWorkflowExecution(mock.executions[scenario], {
      intervalMs: 1,
      maxIntervalMs: 1,
      until: (execution) =>
        execution.status === "paused" ||
        ["finished", "failed", "cancelled", "crashed"].includes(execution.status),
      onUpdate: (execution) => states.push(execution),
    });
    expect(states.length).toBeGreaterThan(3);
    for (const state of states) expect(validateStrictly(state)).toBe(true);
  });

  test("authentication and errors as the real server does them, each body an Onedata envelope", async () => {
    mock = await startMockOneprovider();
    const { baseUrl, token, restrictedToken, executions } = mock;
    expect(mock.executionIds).toEqual(Object.values(executions));
    const wid = executions.finished;
    const statusOf = async (options: Parameters<typeof createOneproviderClient>[0], id = wid) => {
      const error = await rejectionOf(
        createOneproviderClient({ ...options, retry: false }).getWorkflowExecution(id),
      );
      expect(error).toBeInstanceOf(OneproviderApiError);
      expect(error.errorId).toBeDefined();
      return [error.status, error.errorId, error.details?.authError?.id];
    };
    // A guest (no token header at all): the client refuses to send one, so fetch asks.
    const guest = await fetch(`${baseUrl}/automation/execution/workflows/${wid}`);
    expect(guest.status).toBe(401);
    const guestError = (await guest.json()).error;
    expect([guestError.id, guestError.details?.authError]).toEqual(["unauthorized", undefined]);
    expect(await statusOf({ baseUrl, token: "forged" })).toEqual([401, "unauthorized", "badToken"]);
    expect(await statusOf({ baseUrl, token }, "no-such-id")).toEqual([404, "notFound", undefined]);
    expect(await statusOf({ baseUrl, token: restrictedToken })).toEqual([403, "forbidden", undefined]);
    expect(await statusOf({ baseUrl, token: restrictedToken }, "no-such-id")).toEqual([
      404,
      "notFound",
      undefined,
    ]);
    await expect(
      createOneproviderClient({ baseUrl, token, authScheme: "bearer" }).getWorkflowExecution(wid),
    ).resolves.toBeDefined();
    const raw = await fetch(`${baseUrl}/automation/execution/workflows/x`);
    expect(validateError(await raw.json())).toBe(true);
  });

  test("close() stops the server", async () => {
    const started = await startMockOneprovider();
    await started.close();
    const error = await rejectionOf(
      createOneproviderClient({
        baseUrl: started.baseUrl,
        token: started.token,
        retry: false,
      }).getWorkflowExecution("x"),
    );
    expect(error).toMatchObject({ name: "OneproviderNetworkError", kind: "refused" });
  });
});
