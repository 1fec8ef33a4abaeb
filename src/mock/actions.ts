import { currentLaneRun } from "../execution/lanes.js";
import { laneRunPhase, workflowPhase } from "../execution/phases.js";
import type { AtmLaneRun, AtmWorkflowExecution } from "../execution/types.js";
import { Play, type Program } from "./engine.js";
import { errors, mockError, type KnownErrorId, type MockError } from "./errors.js";

/** What an action needs to replay an execution from the state it finds. */
export interface ActionContext {
  execution: AtmWorkflowExecution;
  program: Program;
  /** Epoch ms on the mock's clock. */
  nowMs: number;
  stepMs: number;
  nextId: () => string;
}

/** The outcome of an action: the play that follows it (its first frame is the state when 204 is sent), or an error. */
export type ActionResult = { play: Play } | { status: 400 | 404; error: MockError };

const refusal = (id: KnownErrorId, description: string, details?: Record<string, unknown>): ActionResult => ({
  status: 400,
  error: mockError(id, description, details),
});
const ended = () => refusal("atmWorkflowExecutionEnded", "Workflow execution has already ended.");
const notResumable = () =>
  refusal("atmWorkflowExecutionNotResumable", "Workflow execution cannot be resumed.");
const invalidTransition = (prevStatus: string) =>
  refusal("atmInvalidStatusTransition", "Invalid status transition (see details).", {
    prevStatus,
    newStatus: "stopping",
  });

/** The current lane run (the mock's executions always have one), its lane counted from 0 as the mock's plays do. */
function currentRun(execution: AtmWorkflowExecution): { laneIndex: number; run: AtmLaneRun } {
  const { laneIndex, run } = currentLaneRun(execution)!;
  return { laneIndex: laneIndex - 1, run };
}

function playFrom(context: ActionContext): Play {
  const { execution, nowMs, stepMs, nextId, program } = context;
  return new Play(structuredClone(execution), nowMs, stepMs, nextId, program);
}

/** Cancel and pause (onedata-actions §4). */
export function stop(context: ActionContext, reason: "cancel" | "pause"): ActionResult {
  const phase = workflowPhase(context.execution.status);
  if (phase === "ended") return ended();
  const play = playFrom(context);
  const execution = play.execution;
  const { run } = currentRun(execution);
  if (phase === "suspended") {
    if (reason === "pause") return invalidTransition(run.status);
    // Cancelling a suspended execution is synchronous: cancelled when the answer comes.
    execution.startTime = Math.max(play.now(), execution.suspendTime);
    run.status = "cancelled";
    play.end("cancelled");
    return { play };
  }
  if (execution.status === "stopping") {
    if (laneRunPhase(run.status) === "ended") return invalidTransition(run.status);
    // A pause on a stopping execution changes nothing; a cancel wins over any other stop.
    if (reason === "pause") return { play };
    play.record();
    run.status = "cancelled";
    play.end("cancelled");
    return { play };
  }
  play.startIfWaiting();
  execution.status = "stopping";
  run.status = "stopping";
  for (const lane of execution.lanes)
    for (const each of lane.runs) if (each.runNumber === null) each.status = "interrupted";
  play.record();
  if (reason === "cancel") {
    run.status = "cancelled";
    play.end("cancelled");
  } else {
    run.status = "paused";
    play.suspend();
  }
  return { play };
}

/** Resume (§5): a paused or interrupted execution continues its current run. */
export function resume(context: ActionContext): ActionResult {
  if (!["paused", "interrupted"].includes(context.execution.status)) return notResumable();
  const play = playFrom(context);
  const execution = play.execution;
  const { laneIndex, run } = currentRun(execution);
  execution.status = "resuming";
  execution.scheduleTime = play.now();
  run.status = "resuming";
  play.record();
  play.runLanes(laneIndex, true);
  return { play };
}

/** Force-continue (§6): a failed execution goes on from the next lane, with the same run number. */
export function forceContinue(context: ActionContext): ActionResult {
  const { laneIndex, run } = currentRun(context.execution);
  if (context.execution.status !== "failed" || laneIndex >= context.execution.lanes.length - 1)
    return notResumable();
  const play = playFrom(context);
  const execution = play.execution;
  execution.status = "resuming";
  execution.scheduleTime = play.now();
  for (const lane of execution.lanes)
    for (const each of lane.runs) each.isRetriable = each.isRerunable = false;
  execution.lanes[laneIndex + 1]!.runs.unshift(play.newRun(run.runNumber));
  play.record();
  play.runLanes(laneIndex + 1);
  return { play };
}

/** Retry and rerun (§7): a new run of an ended execution's lane run, from that lane on. */
export function repeat(
  context: ActionContext,
  how: "retry" | "rerun",
  laneIndex: number,
  laneRunNumber: number,
): ActionResult {
  const source = context.execution;
  if (workflowPhase(source.status) !== "ended")
    return refusal("atmWorkflowExecutionNotEnded", "Workflow execution has not ended yet.");
  const origin = source.lanes[laneIndex - 1]?.runs.find((run) => run.runNumber === laneRunNumber);
  if (!origin) return { status: 404, error: errors.notFound };
  const repeatable =
    source.status !== "crashed" &&
    (how === "retry"
      ? origin.status === "failed" && origin.isRetriable
      : ["finished", "failed", "cancelled"].includes(origin.status));
  if (!repeatable)
    return how === "retry"
      ? refusal(
          "atmLaneExecutionRetryFailed",
          "Failed to retry specified lane execution. Lane execution can be retried\n        only if all items have been processed but some of them failed.",
        )
      : refusal(
          "atmLaneExecutionRerunFailed",
          "Failed to rerun specified lane execution. Lane execution can be rerun only if\n        it is in one of the following states: 'finished', 'failed', 'cancelled'.",
        );
  const play = playFrom(context);
  const execution = play.execution;
  execution.status = "scheduled";
  execution.scheduleTime = play.now();
  const runNumber = currentRun(execution).run.runNumber! + 1;
  for (const lane of execution.lanes)
    for (const each of lane.runs) each.isRetriable = each.isRerunable = false;
  execution.lanes[laneIndex - 1]!.runs.unshift(
    play.newRun(runNumber, {
      originRunNumber: laneRunNumber,
      runType: how,
      iteratedStoreId: how === "retry" ? origin.exceptionStoreId : origin.iteratedStoreId,
    }),
  );
  play.record();
  play.runLanes(laneIndex - 1);
  return { play };
}
