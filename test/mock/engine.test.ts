import { describe, expect, test } from "vitest";
import type { AtmWorkflowExecution } from "../../src/index.js";
import { forceContinue, repeat, resume, stop, type ActionContext } from "../../src/mock/actions.js";
import type { Frame } from "../../src/mock/engine.js";
import { buildTimeline, idSource, scenarioProgram, type Scenario } from "../../src/mock/timeline.js";

// What the server has already done when an action's 204 comes (the first frame of the play that
// follows it), and where the execution goes from there (onedata-actions §4-§9).
const startSeconds = 1764241200;
const startMs = startSeconds * 1000;
function at(scenario: Scenario, pick: (frames: Frame[]) => Frame = (frames) => frames.at(-1)!) {
  const nextId = idSource(5);
  const frames = buildTimeline(scenario, nextId, startMs, 1000);
  const execution = pick(frames).execution;
  // The action comes a minute after the execution's last change.
  const context: ActionContext = {
    execution,
    program: scenarioProgram(scenario),
    nowMs: startMs + 600_000,
    stepMs: 1000,
    nextId,
  };
  return { execution, context, now: startSeconds + 600 };
}
const framesOf = (result: ReturnType<typeof stop>) => {
  if (!("play" in result)) throw new Error(`refused: ${result.error.id}`);
  return result.play.frames.map((frame) => frame.execution);
};
const runsOf = (execution: AtmWorkflowExecution, lane: number) =>
  execution.lanes[lane - 1]!.runs.map((run) => [run.runNumber, run.runType, run.originRunNumber, run.status]);

describe("what holds when the answer comes, and what follows", () => {
  test("resume: resuming with a new schedule time, the same run resuming; then active, then it finishes", () => {
    const { context, now } = at("paused");
    const [first, ...rest] = framesOf(resume(context));
    expect(first).toMatchObject({ status: "resuming", scheduleTime: now });
    expect(runsOf(first!, 2)).toEqual([[1, "regular", null, "resuming"]]);
    const active = rest.find((state) => state.status === "active")!;
    expect(active.startTime).toBeGreaterThanOrEqual(now);
    expect(rest.at(-1)!.status).toBe("finished");
  });

  test("force-continue: resuming, a new regular run on the next lane with the same number, nothing repeatable", () => {
    const { context } = at("failed");
    const states = framesOf(forceContinue(context));
    expect(states[0]!.status).toBe("resuming");
    expect(runsOf(states[0]!, 3)).toEqual([[1, "regular", null, "scheduled"]]);
    expect(
      states[0]!.lanes.flatMap((lane) => lane.runs).some((run) => run.isRetriable || run.isRerunable),
    ).toBe(false);
    const last = states.at(-1)!;
    expect(last.status).toBe("finished");
    // Once ended again, the failed run is retriable again.
    expect(last.lanes[1]!.runs[0]).toMatchObject({ status: "failed", isRetriable: true });
  });

  test("retry: scheduled, a retry run at the front of the lane over the failed run's exception store", () => {
    const { context, execution, now } = at("failed");
    const states = framesOf(repeat(context, "retry", 2, 1));
    expect(states[0]).toMatchObject({ status: "scheduled", scheduleTime: now });
    expect(runsOf(states[0]!, 2)).toEqual([
      [2, "retry", 1, "scheduled"],
      [1, "regular", null, "failed"],
    ]);
    expect(states[0]!.lanes[1]!.runs[0]!.iteratedStoreId).toBe(execution.lanes[1]!.runs[0]!.exceptionStoreId);
    const last = states.at(-1)!;
    expect(last.status).toBe("finished");
    expect(last.lanes[2]!.runs[0]!.runNumber).toBe(2);
  });

  test("rerun of an earlier lane: it starts from that lane, and the lanes after it get the new run number", () => {
    const { context, execution } = at("finished");
    const states = framesOf(repeat(context, "rerun", 1, 1));
    expect(runsOf(states[0]!, 1)[0]).toEqual([2, "rerun", 1, "scheduled"]);
    expect(states[0]!.lanes[0]!.runs[0]!.iteratedStoreId).toBe(execution.lanes[0]!.runs[0]!.iteratedStoreId);
    const last = states.at(-1)!;
    expect(last.status).toBe("finished");
    expect(last.lanes.map((lane) => lane.runs[0]!.runNumber)).toEqual([2, 2, 2]);
  });

  test("cancel while active: stopping at once, runs prepared in advance interrupted; then cancelled without them", () => {
    const { context } = at("finished", (frames) =>
      frames.find(
        (frame) =>
          frame.execution.status === "active" && frame.execution.lanes[1]!.runs[0]?.runNumber === null,
      )!,
    );
    const states = framesOf(stop(context, "cancel"));
    expect(states[0]!.status).toBe("stopping");
    expect(states[0]!.lanes[0]!.runs[0]!.status).toBe("stopping");
    expect(states[0]!.lanes[1]!.runs[0]).toMatchObject({ runNumber: null, status: "interrupted" });
    const last = states.at(-1)!;
    expect(last.status).toBe("cancelled");
    expect(last.finishTime).toBeGreaterThan(0);
    expect(last.lanes.flatMap((lane) => lane.runs).every((run) => run.runNumber !== null)).toBe(true);
    expect(last.lanes[0]!.runs[0]).toMatchObject({
      status: "cancelled",
      isRerunable: true,
      isRetriable: false,
    });
  });

  test("pause before the start: stopping, and the start time is set (waiting → ongoing)", () => {
    const { context, now } = at("finished", (frames) => frames[0]!);
    const states = framesOf(stop(context, "pause"));
    expect(states[0]).toMatchObject({ status: "stopping", startTime: now });
    expect(states.at(-1)).toMatchObject({ status: "paused", suspendTime: now + 1 });
  });

  test("cancel of a paused execution: cancelled at once, started again and finished now", () => {
    const { context, now } = at("paused");
    const states = framesOf(stop(context, "cancel"));
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ status: "cancelled", startTime: now, finishTime: now });
  });

  test("refusals change nothing and name the server's error", () => {
    expect(stop(at("paused").context, "pause")).toMatchObject({
      status: 400,
      error: { id: "atmInvalidStatusTransition", details: { prevStatus: "paused", newStatus: "stopping" } },
    });
    expect(resume(at("finished").context)).toMatchObject({
      error: { id: "atmWorkflowExecutionNotResumable" },
    });
    expect(repeat(at("paused").context, "rerun", 1, 1)).toMatchObject({
      error: { id: "atmWorkflowExecutionNotEnded" },
    });
    expect(repeat(at("failed").context, "retry", 2, 7)).toMatchObject({ status: 404 });
  });
});
