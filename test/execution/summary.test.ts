import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  latestRun,
  OneproviderUsageError,
  preparedInAdvanceRun,
  summarizeExecution,
  type AtmWorkflowExecution,
} from "../../src/index.js";
import { executionArbitrary } from "../support/arbitraries.js";
import { resolveRef, spec } from "../support/spec.js";

const example = (name: string) =>
  resolveRef<{ value: AtmWorkflowExecution }>(spec.components.examples[name]!).value;

describe("latestRun", () => {
  test("is the highest runNumber, not the first run, and never a run prepared in advance", () => {
    const active = example("ActiveWithRunPreparedInAdvance");
    const publish = active.lanes[1]!;
    expect(publish.runs[0]!.runNumber).toBeNull();
    expect(latestRun(publish)?.runNumber).toBe(1);
    expect(preparedInAdvanceRun(publish)?.status).toBe("enqueued");
    expect(latestRun({ runs: [] })).toBeUndefined();
    expect(latestRun({ runs: [publish.runs[0]!] })).toBeUndefined();
  });

  test("has the maximum number of the lane, wherever it stands (property)", () => {
    fc.assert(
      fc.property(executionArbitrary, (execution) => {
        for (const lane of execution.lanes) {
          const numbers = lane.runs.map((run) => run.runNumber).filter((n): n is number => n !== null);
          const latest = latestRun(lane);
          if (numbers.length === 0) expect(latest).toBeUndefined();
          else expect(latest?.runNumber).toBe(Math.max(...numbers));
        }
      }),
    );
  });
});

describe("summarizeExecution", () => {
  test("a finished execution after an automatic retry", () => {
    const summary = summarizeExecution(example("FinishedAfterAutomaticRetry"));
    expect(summary).toMatchObject({
      status: "finished",
      phase: "ended",
      runCount: 3,
      retryCount: 1,
      rerunCount: 0,
      isRetriable: true,
      isRerunable: true,
    });
    expect(summary.lanes[0]).toMatchObject({ index: 1, schemaId: "convert", runCount: 2, retryCount: 1 });
    expect(summary.lanes[0]!.latestRun).toMatchObject({
      runNumber: 2,
      status: "finished",
      runType: "retry",
      originRunNumber: 1,
      phase: "ended",
    });
    expect(summary.currentLane?.index).toBe(2);
    expect(summary.durations).toEqual({ queuedSeconds: 4, runningSeconds: 957, totalSeconds: 961 });
  });

  test("an active execution ignores the finish time of its earlier run", () => {
    const execution = example("ActiveWithRunPreparedInAdvance");
    const summary = summarizeExecution(execution, { now: execution.startTime + 100 });
    expect(summary.currentLane?.index).toBe(1);
    expect(summary.lanes[1]!.preparedInAdvance).toEqual({ status: "enqueued", phase: "waiting" });
    expect(summary.lanes[1]!.runCount).toBe(1);
    expect(summary.durations.runningSeconds).toBe(100);
    expect(summary.times.finished).toBe(execution.finishTime);
  });

  test("a just scheduled execution has no durations but the queue time, and 0 means not yet", () => {
    const execution = example("JustScheduled");
    const summary = summarizeExecution(execution, { now: execution.scheduleTime + 7 });
    expect(summary.times).toEqual({ scheduled: execution.scheduleTime });
    expect(summary.durations).toEqual({ queuedSeconds: 7, totalSeconds: 7 });
    expect(summary.lanes[1]!.latestRun).toBeUndefined();
  });

  test("counts add up, durations are never negative, nothing throws (property)", () => {
    fc.assert(
      fc.property(
        executionArbitrary,
        fc.option(fc.integer({ min: 0, max: 2_100_000_000 }), { nil: undefined }),
        (execution, now) => {
          const summary = summarizeExecution(execution, now === undefined ? {} : { now });
          expect(summary.lanes).toHaveLength(execution.lanes.length);
          const numbered = execution.lanes
            .flatMap((lane) => lane.runs)
            .filter((run) => run.runNumber !== null);
          expect(summary.runCount).toBe(numbered.length);
          expect(summary.runCount).toBe(summary.lanes.reduce((sum, lane) => sum + lane.runCount, 0));
          expect(summary.retryCount).toBe(numbered.filter((run) => run.runType === "retry").length);
          expect(summary.rerunCount).toBe(numbered.filter((run) => run.runType === "rerun").length);
          expect(summary.retryCount + summary.rerunCount).toBeLessThanOrEqual(summary.runCount);
          for (const value of Object.values(summary.durations)) expect(value).toBeGreaterThanOrEqual(0);
          expect(summary.isRetriable).toBe(
            execution.lanes.some((lane) => lane.runs.some((run) => run.isRetriable)),
          );
          summary.lanes.forEach((lane, index) => expect(lane.index).toBe(index + 1));
          if (summary.currentLane) {
            const highest = Math.max(...numbered.map((run) => run.runNumber as number));
            expect(summary.currentLane.latestRun?.runNumber).toBe(highest);
          } else {
            expect(numbered).toHaveLength(0);
          }
        },
      ),
    );
  });
});

describe("bad input to the helpers", () => {
  test.each<[string, () => unknown]>([
    ["latestRun(undefined)", () => latestRun(undefined as never)],
    ["latestRun of a lane without runs", () => latestRun({} as never)],
    ["preparedInAdvanceRun(null)", () => preparedInAdvanceRun(null as never)],
    ["summarizeExecution(undefined)", () => summarizeExecution(undefined as never)],
    ["summarizeExecution of an error body", () => summarizeExecution({ error: { id: "notFound" } } as never)],
  ])("%s is an OneproviderUsageError, not a TypeError", (_label, call) => {
    expect(call).toThrow(OneproviderUsageError);
  });
});
