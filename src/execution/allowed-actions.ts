import type { Schema } from "../../generated/operations.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { laneRunPhase, workflowPhase } from "./phases.js";
import { currentLaneRun } from "./lanes.js";
import type { AtmWorkflowExecution } from "./types.js";

/** A lane run as the retry and rerun calls take it: `laneIndex` from 1, `laneRunNumber` its `runNumber`. */
export interface LaneRunRef extends Schema<"AtmLaneRunSelector"> {}

/** What the server would accept now for an execution in this state. */
export interface AllowedActions {
  cancel: boolean;
  pause: boolean;
  resume: boolean;
  forceContinue: boolean;
  delete: boolean;
  /** The runs a retry would be accepted for (each `isRetriable`), in lane order, newest run first. */
  retry: LaneRunRef[];
  /** The runs a rerun would be accepted for (each `isRerunable`). */
  rerun: LaneRunRef[];
}

/**
 * The actions the server's action × status matrix accepts for this execution as it was read: an
 * action marked `false` would be answered 400 (or 404). Read again before acting: another client may
 * have acted since. A status this version does not know allows nothing.
 */
export function allowedActions(execution: AtmWorkflowExecution): AllowedActions {
  if (typeof execution !== "object" || execution === null || !Array.isArray(execution.lanes))
    throw new OneproviderUsageError("allowedActions needs an execution: an object with a lanes array");
  const { status, lanes } = execution;
  const phase = workflowPhase(status);
  const current = currentLaneRun(execution);
  const runs = (flag: "isRetriable" | "isRerunable") => {
    const refs: LaneRunRef[] = [];
    lanes.forEach((lane, index) => {
      for (const run of lane.runs)
        if (run.runNumber !== null && run[flag] === true)
          refs.push({ laneIndex: index + 1, laneRunNumber: run.runNumber });
    });
    return refs;
  };
  // A stopping execution whose current lane run already ended refuses another stop (400).
  const canStop =
    phase === "waiting" ||
    (phase === "ongoing" &&
      !(status === "stopping" && current && laneRunPhase(current.run.status) === "ended"));
  const ended = phase === "ended" && status !== "crashed";
  return {
    cancel: canStop || phase === "suspended",
    pause: canStop,
    resume: phase === "suspended",
    forceContinue: status === "failed" && current !== undefined && current.laneIndex < lanes.length,
    delete: phase === "suspended" || phase === "ended",
    retry: ended ? runs("isRetriable") : [],
    rerun: ended ? runs("isRerunable") : [],
  };
}
