import { afterEach, describe, expect, test } from "vitest";
import {
  createOneproviderClient,
  latestRun,
  OneproviderApiError,
  type AtmWorkflowExecution,
} from "../../src/index.js";
import { SCENARIOS, startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { buildTimeline, idSource } from "../../src/mock/timeline.js";
import { validateWorkflowExecution } from "../../src/validate.js";
import { rejectionOf } from "../support/http-server.js";
import { schemaValidator } from "../support/spec.js";

const validateStrictly = schemaValidator("AtmWorkflowExecutionDetails");
const validateError = schemaValidator("ErrorResponse");
let mock: MockOneprovider | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const frames = (scenario: (typeof SCENARIOS)[number]) =>
  buildTimeline(scenario, idSource(7), 1764241200, 1000).map((frame) => frame.execution);

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

describe("the mock server", () => {
  test("serves executions that move on over time, compressed by speed", async () => {
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

  test.each(SCENARIOS)("every answer for %s validates, all the way through", async (scenario) => {
    mock = await startMockOneprovider({ speed: 50, scenarios: [scenario] });
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    const states: AtmWorkflowExecution[] = [];
    await client.waitForWorkflowExecution(mock.executions[scenario], {
      intervalMs: 2,
      maxIntervalMs: 2,
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
    expect(await statusOf({ baseUrl })).toEqual([401, "unauthorized", undefined]);
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
