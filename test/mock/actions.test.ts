import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import {
  allowedActions,
  createOneproviderClient,
  isOneproviderApiError,
  latestRun,
  type OneproviderClient,
} from "../../src/index.js";
import {
  SCENARIOS,
  startMockOneprovider,
  type MockOneprovider,
  type Scenario,
} from "../../src/mock/index.js";
import { ACTIONS } from "../../generated/operations.js";
import { rejectionOf } from "../support/http-server.js";
import { steppingFetch } from "../support/mock-clock.js";
import { schemaValidator } from "../support/spec.js";

const mocks: MockOneprovider[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.close()));
});

/**
 * A mock on the manual clock: nothing moves between an action's answer and the next look, so what
 * the server has done when it answers is seen exactly. Its client moves the mock one step per request.
 */
async function manualMock(scenarios: Scenario[] = []) {
  const mock = await startMockOneprovider({ clock: "manual", scenarios, seed: 21 });
  mocks.push(mock);
  const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, retry: false });
  const stepping = createOneproviderClient({
    baseUrl: mock.baseUrl,
    token: mock.token,
    retry: false,
    fetch: steppingFetch(mock),
  });
  return { mock, client, stepping };
}

type Action = keyof typeof ACTIONS;
/** An action by its name, through the client's generic call and the spec's table of actions. */
function perform(client: OneproviderClient, wid: string, action: Action, lane = 2, run = 1) {
  const { operationId } = ACTIONS[action];
  const body = "body" in ACTIONS[action] ? { laneIndex: lane, laneRunNumber: run } : undefined;
  return client.call(operationId, { path: { wid }, body } as never);
}

/** The action × status matrix of the server (onedata-actions §8): what the answer is, and what is true when it comes. */
const matrix: Array<[Scenario | "scheduled", Action, string]> = [
  ["scheduled", "cancel", "204 stopping"],
  ["scheduled", "pause", "204 stopping"],
  ["scheduled", "resume", "atmWorkflowExecutionNotResumable"],
  ["scheduled", "forceContinue", "atmWorkflowExecutionNotResumable"],
  ["scheduled", "retry", "atmWorkflowExecutionNotEnded"],
  ["scheduled", "rerun", "atmWorkflowExecutionNotEnded"],
  ["scheduled", "delete", "atmWorkflowExecutionNotStopped"],
  ["paused", "cancel", "204 cancelled"],
  ["paused", "pause", "atmInvalidStatusTransition"],
  ["paused", "resume", "204 resuming"],
  ["paused", "forceContinue", "atmWorkflowExecutionNotResumable"],
  ["paused", "retry", "atmWorkflowExecutionNotEnded"],
  ["paused", "delete", "204 gone"],
  ["finished", "cancel", "atmWorkflowExecutionEnded"],
  ["finished", "pause", "atmWorkflowExecutionEnded"],
  ["finished", "resume", "atmWorkflowExecutionNotResumable"],
  ["finished", "forceContinue", "atmWorkflowExecutionNotResumable"],
  ["finished", "retry", "atmLaneExecutionRetryFailed"],
  ["finished", "rerun", "204 scheduled"],
  ["finished", "delete", "204 gone"],
  ["failed", "cancel", "atmWorkflowExecutionEnded"],
  ["failed", "resume", "atmWorkflowExecutionNotResumable"],
  ["failed", "forceContinue", "204 resuming"],
  ["failed", "retry", "204 scheduled"],
  ["failed", "rerun", "204 scheduled"],
  ["failed", "delete", "204 gone"],
  ["cancelled", "pause", "atmWorkflowExecutionEnded"],
  ["cancelled", "forceContinue", "atmWorkflowExecutionNotResumable"],
  ["cancelled", "retry", "atmLaneExecutionRetryFailed"],
  ["cancelled", "rerun", "204 scheduled"],
  ["crashed", "retry", "atmLaneExecutionRetryFailed"],
  ["crashed", "rerun", "atmLaneExecutionRerunFailed"],
  ["crashed", "delete", "204 gone"],
];

describe("the mock's actions follow the server's action × status matrix", () => {
  test.each(matrix)("%s, %s: %s", async (state, action, expected) => {
    let client: OneproviderClient;
    let wid: string;
    if (state === "scheduled") {
      const { mock, client: manualClient } = await manualMock();
      client = manualClient;
      wid = (
        await client.scheduleWorkflowExecution({
          spaceId: mock.spaceId,
          atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
          atmWorkflowSchemaRevisionNumber: 1,
        })
      ).atmWorkflowExecutionId;
    } else {
      const { mock, client: manualClient } = await manualMock([state]);
      client = manualClient;
      wid = mock.executions[state];
      await mock.runToEnd();
    }
    const before = await client.getWorkflowExecution(wid);
    const outcome = await perform(client, wid, action).then(
      () => "204",
      (error: unknown) => error,
    );
    if (!expected.startsWith("204")) {
      expect(isOneproviderApiError(outcome, expected as never), String(outcome)).toBe(true);
      expect((outcome as { status: number }).status).toBe(400);
      // Refused: nothing changed.
      expect((await client.getWorkflowExecution(wid)).status).toBe(before.status);
      return;
    }
    expect(outcome).toBe("204");
    const now = expected.slice(4);
    if (now === "gone") {
      expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({ status: 404 });
      expect(await rejectionOf(client.deleteWorkflowExecution(wid))).toMatchObject({ status: 404 });
    } else {
      // What the server has already done when the answer comes: the manual clock has not moved since.
      expect((await client.getWorkflowExecution(wid)).status).toBe(now);
    }
  });

  // allowedActions is the client's copy of the matrix: for every ended or suspended scenario and every
  // action of the spec's table, what it offers is exactly what the mock accepts.
  test.each(
    SCENARIOS.flatMap((state) =>
      (Object.keys(ACTIONS) as Action[]).map((action) => [state, action] as const),
    ),
  )("allowedActions agrees with the mock: %s, %s", async (state, action) => {
    const { mock, client } = await manualMock([state]);
    const wid = mock.executions[state];
    await mock.runToEnd();
    const offered = allowedActions(await client.getWorkflowExecution(wid))[action];
    const runs = typeof offered === "boolean" ? [] : offered;
    // For retry and rerun, one run offered (if any) and one run not offered: lane 1 run 9 never exists.
    const tries =
      typeof offered === "boolean"
        ? [{ laneIndex: 1, laneRunNumber: 1, accept: offered }]
        : [
            ...runs.slice(0, 1).map((run) => ({ ...run, accept: true })),
            { laneIndex: 1, laneRunNumber: 9, accept: false },
          ];
    for (const { laneIndex, laneRunNumber, accept } of tries) {
      const accepted = await perform(client, wid, action, laneIndex, laneRunNumber).then(
        () => true,
        (error: unknown) => {
          if (!isOneproviderApiError(error)) throw error;
          return false;
        },
      );
      expect(accepted, `${action} of lane ${laneIndex} run ${laneRunNumber}`).toBe(accept);
      if (accepted) return;
    }
  });

  test("pausing a paused execution names the transition", async () => {
    const { mock, client } = await manualMock(["paused"]);
    await mock.runToEnd();
    const error = await rejectionOf(client.pauseWorkflowExecution(mock.executions.paused));
    expect(error.details).toEqual({ prevStatus: "paused", newStatus: "stopping" });
  });

  test("a retry or rerun of a run that does not exist is 404, even on a crashed execution", async () => {
    const { mock, client } = await manualMock(["crashed"]);
    await mock.runToEnd();
    const error = await rejectionOf(
      client.retryWorkflowExecution(mock.executions.crashed, { laneIndex: 9, laneRunNumber: 1 }),
    );
    expect(error).toMatchObject({ status: 404, errorId: "notFound" });
  });
});

describe("the lifecycle on the mock, end to end", () => {
  test("schedule the schema whose second lane fails, watch it fail, retry the failed run, watch it finish", async () => {
    const { mock, client, stepping } = await manualMock();
    const failing = mock.schemas.find((schema) => schema.name.includes("fails"))!;
    const { atmWorkflowExecutionId: wid } = await client.scheduleWorkflowExecution({
      spaceId: mock.spaceId,
      atmWorkflowSchemaId: failing.atmWorkflowSchemaId,
      atmWorkflowSchemaRevisionNumber: failing.revisionNumber,
    });
    const validate = schemaValidator("AtmWorkflowExecutionDetails");
    const seen: string[] = [];
    const failed = await stepping.waitForWorkflowExecution(wid, {
      intervalMs: 1,
      maxIntervalMs: 1,
      onUpdate: (e) => {
        expect(validate(e)).toBe(true);
        seen.push(e.status);
      },
    });
    // One step a poll: every change is seen (the first poll comes a step after the schedule).
    expect([...new Set(seen)]).toEqual(["active", "stopping", "failed"]);
    expect(seen.length).toBeGreaterThan(5);
    expect(failed.status).toBe("failed");
    const allowed = allowedActions(failed);
    expect(allowed.retry).toEqual([{ laneIndex: 2, laneRunNumber: 1 }]);
    await client.retryWorkflowExecution(wid, allowed.retry[0]!);
    const retrying = await client.getWorkflowExecution(wid);
    expect(retrying.status).toBe("scheduled");
    expect(retrying.lanes[1]!.runs[0]).toMatchObject({
      runNumber: 2,
      originRunNumber: 1,
      runType: "retry",
    });
    expect(retrying.lanes[1]!.runs[0]!.iteratedStoreId).toBe(failed.lanes[1]!.runs[0]!.exceptionStoreId);
    const finished = await stepping.waitForWorkflowExecution(wid, { intervalMs: 1, maxIntervalMs: 1 });
    expect(finished.status).toBe("finished");
    expect(latestRun(finished.lanes[2]!)?.runNumber).toBe(2);
    expect(finished.lanes[1]!.runs.map((run) => run.isRetriable)).toEqual([false, true]);
  });

  test("a schedule: 201 with the id and the server's malformed Location; waiting, so not listed by default", async () => {
    const { mock } = await manualMock();
    const response = await fetch(`${mock.baseUrl}/automation/execution/workflows`, {
      method: "POST",
      headers: { "x-auth-token": mock.token, "content-type": "application/json" },
      body: JSON.stringify({
        spaceId: mock.spaceId,
        atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
        atmWorkflowSchemaRevisionNumber: "1",
      }),
    });
    expect(response.status).toBe(201);
    const { atmWorkflowExecutionId } = await response.json();
    expect(response.headers.get("location")).toMatch(
      new RegExp(`/api/v3/oneproviderautomation/execution/workflows/${atmWorkflowExecutionId}$`),
    );
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
    const execution = await client.getWorkflowExecution(atmWorkflowExecutionId);
    expect(execution.status).toBe("scheduled");
    expect(execution.lanes.map((lane) => lane.runs.length)).toEqual([1, 0, 0]);
    expect((await client.listWorkflowExecutions(mock.spaceId)).atmWorkflowExecutions).toEqual([]);
    expect(
      (await client.listWorkflowExecutions(mock.spaceId, { phase: "waiting" })).atmWorkflowExecutions,
    ).toEqual([atmWorkflowExecutionId]);
  });

  test("the callback is called on every stop: paused, then ended", async () => {
    const received: Array<{ atmWorkflowExecutionId: string; status: string }> = [];
    const receiver = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => (text += chunk));
      request.on("end", () => {
        received.push(JSON.parse(text));
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { mock, client } = await manualMock();
      const callback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/done`;
      const { atmWorkflowExecutionId: wid } = await client.scheduleWorkflowExecution({
        spaceId: mock.spaceId,
        atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
        atmWorkflowSchemaRevisionNumber: 1,
        callback,
      });
      await client.pauseWorkflowExecution(wid);
      await mock.runToEnd();
      // Delivered by the time the clock has moved past the stop.
      expect(received.map((each) => each.status)).toEqual(["paused"]);
      await client.resumeWorkflowExecution(wid);
      await mock.runToEnd();
      expect(received.map((each) => each.status)).toEqual(["paused", "finished"]);
      expect(received.every((each) => each.atmWorkflowExecutionId === wid)).toBe(true);
    } finally {
      receiver.close();
    }
  });
});

describe("the mock's checks before an action", () => {
  test.each([
    [{}, "missingRequiredValue", { key: "atmWorkflowSchemaId" }],
    [
      { atmWorkflowSchemaId: "x", atmWorkflowSchemaRevisionNumber: 0, spaceId: "s" },
      "badValueTooLow",
      { key: "atmWorkflowSchemaRevisionNumber", limit: 1 },
    ],
    [
      { atmWorkflowSchemaId: "x", atmWorkflowSchemaRevisionNumber: 1.5, spaceId: "s" },
      "badValueInteger",
      { key: "atmWorkflowSchemaRevisionNumber" },
    ],
    [
      { atmWorkflowSchemaId: "x", atmWorkflowSchemaRevisionNumber: 1, spaceId: 7 },
      "badValueString",
      { key: "spaceId" },
    ],
    [
      { atmWorkflowSchemaId: "x", atmWorkflowSchemaRevisionNumber: 1, spaceId: "s", logLevel: "loud" },
      "badValueNotAllowed",
      { key: "logLevel" },
    ],
    [
      {
        atmWorkflowSchemaId: "x",
        atmWorkflowSchemaRevisionNumber: 1,
        spaceId: "s",
        storeInitialContentOverlay: [],
      },
      "badValueJSON",
      { key: "storeInitialContentOverlay" },
    ],
  ])("schedule %j: 400 %s, even for a guest", async (body, id, details) => {
    const { mock } = await manualMock();
    for (const headers of [{ "x-auth-token": mock.token }, {}]) {
      const response = await fetch(`${mock.baseUrl}/automation/execution/workflows`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ id, details });
    }
  });

  test("Content-Type must be exactly application/json when a body is sent: 415, no body", async () => {
    const { mock } = await manualMock();
    for (const contentType of ["application/json; charset=utf-8", "text/plain"]) {
      const response = await fetch(`${mock.baseUrl}/automation/execution/workflows/x/retry`, {
        method: "POST",
        headers: { "x-auth-token": mock.token, "content-type": contentType },
        body: '{"laneIndex":1,"laneRunNumber":1}',
      });
      expect(response.status).toBe(415);
      expect(await response.text()).toBe("");
    }
  });

  test("a body that is not a JSON object is malformedData; query parameters win over the body", async () => {
    const { mock } = await manualMock(["failed"]);
    const url = `${mock.baseUrl}/automation/execution/workflows/${mock.executions.failed}/retry`;
    const headers = { "x-auth-token": mock.token, "content-type": "application/json" };
    const malformed = await fetch(url, { method: "POST", headers, body: "[1]" });
    expect((await malformed.json()).error.id).toBe("malformedData");
    // A bad body on an unknown execution is 400: the body is checked before the execution is looked up.
    const unknown = await fetch(`${mock.baseUrl}/automation/execution/workflows/nope/retry`, {
      method: "POST",
      headers,
      body: "{}",
    });
    expect((await unknown.json()).error).toMatchObject({
      id: "missingRequiredValue",
      details: { key: "laneIndex" },
    });
    await mock.runToEnd();
    const merged = await fetch(`${url}?laneIndex=2`, {
      method: "POST",
      headers,
      body: '{"laneRunNumber":1}',
    });
    expect(merged.status).toBe(204);
  });

  test("who may act: a guest 401, 404 before 403", async () => {
    const { mock } = await manualMock(["finished"]);
    const restricted = createOneproviderClient({
      baseUrl: mock.baseUrl,
      token: mock.restrictedToken,
      retry: false,
    });
    const guest = await fetch(
      `${mock.baseUrl}/automation/execution/workflows/${mock.executions.finished}/cancel`,
      {
        method: "POST",
      },
    );
    expect(guest.status).toBe(401);
    expect(await rejectionOf(restricted.cancelWorkflowExecution("nope"))).toMatchObject({ status: 404 });
    expect(await rejectionOf(restricted.cancelWorkflowExecution(mock.executions.finished))).toMatchObject({
      status: 403,
    });
  });
});

describe("the mock's answers validate against the spec", () => {
  test("a schedule's 201, and every refusal, as raw bodies", async () => {
    const validateError = schemaValidator("ErrorResponse");
    const validateScheduled = schemaValidator("AtmWorkflowExecutionScheduleResponse");
    const { mock } = await manualMock(["finished", "paused"]);
    await mock.runToEnd();
    const post = (path: string, body?: unknown) =>
      fetch(`${mock.baseUrl}${path}`, {
        method: "POST",
        headers: { "x-auth-token": mock.token, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const scheduled = await post("/automation/execution/workflows", {
      spaceId: mock.spaceId,
      atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
      atmWorkflowSchemaRevisionNumber: 1,
    });
    expect(validateScheduled(await scheduled.json())).toBe(true);
    const refusals = [
      await post(`/automation/execution/workflows/${mock.executions.finished}/cancel`),
      await post(`/automation/execution/workflows/${mock.executions.paused}/pause`),
      await post(`/automation/execution/workflows/${mock.executions.finished}/retry`, {
        laneIndex: 2,
        laneRunNumber: 1,
      }),
      await post(`/automation/execution/workflows/${mock.executions.finished}/force_continue`),
      await post("/automation/execution/workflows", { spaceId: mock.spaceId }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(400);
      expect(validateError(await refusal.json())).toBe(true);
    }
  });
});
