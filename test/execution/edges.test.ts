import { describe, expect, test } from "vitest";
import { allowedActions } from "../../src/execution/allowed-actions.js";
import { currentLaneRun, latestRun, preparedInAdvanceRun } from "../../src/execution/lanes.js";
import { isEnded } from "../../src/execution/phases.js";
import { summarizeExecution } from "../../src/execution/summary.js";
import type { AtmWorkflowExecution } from "../../src/execution/types.js";
import { makeExecution, makeLane, makeLaneRun, type JsonObject } from "../support/executions.js";

// The edges of the execution helpers that mutation testing found unpinned: each test fails when the
// line it names is changed.
const execution = (overrides: JsonObject = {}) => makeExecution(overrides) as unknown as AtmWorkflowExecution;

describe("summarizeExecution", () => {
  test("times holds only the times that happened: no key for a 0", () => {
    const summary = summarizeExecution(
      execution({ scheduleTime: 100, startTime: 0, suspendTime: 0, finishTime: 0, status: "scheduled" }),
    );
    expect(Object.keys(summary.times)).toEqual(["scheduled"]);
    const all = summarizeExecution(
      execution({ scheduleTime: 100, startTime: 110, suspendTime: 120, finishTime: 130, status: "failed" }),
    );
    expect(all.times).toStrictEqual({ scheduled: 100, started: 110, suspended: 120, finished: 130 });
  });

  test("no time at all: times is empty; an execution that never started and is not waiting was never queued until now", () => {
    const none = summarizeExecution(
      execution({ scheduleTime: 0, startTime: 0, suspendTime: 0, finishTime: 0 }),
    );
    expect(none.times).toStrictEqual({});
    const crashed = summarizeExecution(
      execution({ status: "crashed", scheduleTime: 100, startTime: 0, finishTime: 0 }),
      { now: 150 },
    );
    expect(crashed.durations).toStrictEqual({});
    const waiting = summarizeExecution(execution({ status: "scheduled", scheduleTime: 100, startTime: 0 }), {
      now: 150,
    });
    expect(waiting.durations.queuedSeconds).toBe(50);
  });

  test("a running execution is running until `now`; an ended one until it finished", () => {
    const running = summarizeExecution(execution({ scheduleTime: 100, startTime: 110, finishTime: 0 }), {
      now: 150,
    });
    expect(running.durations).toStrictEqual({ queuedSeconds: 10, runningSeconds: 40, totalSeconds: 50 });
    const ended = summarizeExecution(
      execution({ status: "finished", scheduleTime: 100, startTime: 110, finishTime: 130 }),
      { now: 999 },
    );
    expect(ended.durations).toStrictEqual({ queuedSeconds: 10, runningSeconds: 20, totalSeconds: 30 });
  });

  test("a suspended execution stopped running at its suspend time, however long it has sat", () => {
    for (const status of ["paused", "interrupted"] as const) {
      const paused = summarizeExecution(
        execution({ status, scheduleTime: 100, startTime: 110, suspendTime: 119, finishTime: 0 }),
        { now: 500 },
      );
      expect(paused.durations).toStrictEqual({ queuedSeconds: 10, runningSeconds: 9, totalSeconds: 19 });
    }
    // Stopping (on its way to paused) still runs; a suspended one without a suspend time counts to now.
    const stopping = summarizeExecution(
      execution({ status: "stopping", scheduleTime: 100, startTime: 110, suspendTime: 119, finishTime: 0 }),
      { now: 500 },
    );
    expect(stopping.durations.runningSeconds).toBe(390);
    const unknown = summarizeExecution(
      execution({ status: "paused", scheduleTime: 100, startTime: 110, suspendTime: 0 }),
      { now: 150 },
    );
    expect(unknown.durations.runningSeconds).toBe(40);
  });

  test("nothing retriable or rerunable unless a run says so", () => {
    const summary = summarizeExecution(execution());
    expect(summary.isRetriable).toBe(false);
    expect(summary.isRerunable).toBe(false);
    expect(summary.lanes[0]!.isRetriable).toBe(false);
    expect(summary.lanes[0]!.isRerunable).toBe(false);
  });

  test("something that is not an execution is a usage error that says what it needs", () => {
    expect(() => summarizeExecution(null as never)).toThrow(
      "summarizeExecution needs a workflow execution: an object with a lanes array",
    );
    expect(() => summarizeExecution({ lanes: {} } as never)).toThrow(/needs a workflow execution/);
  });
});

describe("allowedActions", () => {
  test("a stopping execution whose current lane run already ended refuses another stop", () => {
    const finishing = execution({
      status: "stopping",
      lanes: [makeLane([makeLaneRun({ status: "finished" })])],
    });
    expect(allowedActions(finishing)).toMatchObject({ cancel: false, pause: false });
    const stopping = execution({
      status: "stopping",
      lanes: [makeLane([makeLaneRun({ status: "stopping" })])],
    });
    expect(allowedActions(stopping)).toMatchObject({ cancel: true, pause: true });
    // An active execution stops even if its current run reads ended (only `stopping` refuses).
    const active = execution({ status: "active", lanes: [makeLane([makeLaneRun({ status: "finished" })])] });
    expect(allowedActions(active)).toMatchObject({ cancel: true, pause: true });
  });

  test("a failed execution with no numbered run cannot be force-continued (and does not throw)", () => {
    const failed = execution({ status: "failed", lanes: [makeLane([]), makeLane([])] });
    expect(allowedActions(failed).forceContinue).toBe(false);
  });

  test("something that is not an execution is a usage error that says what it needs", () => {
    expect(() => allowedActions(null as never)).toThrow(
      "allowedActions needs an execution: an object with a lanes array",
    );
    expect(() => allowedActions({ lanes: "x" } as never)).toThrow(/allowedActions needs an execution/);
    // A function with a lanes array is no execution either.
    expect(() => allowedActions(Object.assign(() => undefined, { lanes: [] }) as never)).toThrow(
      /needs an execution/,
    );
  });
});

describe("lanes", () => {
  test("a lane that is not one is a usage error naming the helper", () => {
    expect(() => latestRun(null as never)).toThrow("latestRun needs a lane: an object with a runs array");
    expect(() => preparedInAdvanceRun({} as never)).toThrow(
      "preparedInAdvanceRun needs a lane: an object with a runs array",
    );
  });

  test("a lane without a run prepared in advance has none, whatever its first run", () => {
    expect(
      preparedInAdvanceRun(makeLane([makeLaneRun({ runNumber: 2 }), makeLaneRun({ runNumber: 1 })]) as never),
    ).toBeUndefined();
  });
});

describe("currentLaneRun", () => {
  test("a run prepared in advance is never the current one, even alone", () => {
    expect(
      currentLaneRun({ lanes: [makeLane([makeLaneRun({ runNumber: null })])] } as never),
    ).toBeUndefined();
  });
});

describe("isEnded", () => {
  test("something without a status is not ended, and does not throw", () => {
    expect(isEnded(null as never)).toBe(false);
    expect(isEnded(undefined as never)).toBe(false);
    expect(isEnded({} as never)).toBe(false);
  });
});
