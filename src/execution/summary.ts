import { OneproviderUsageError } from "../errors/error-classes.js";
import { currentLaneRun, latestRun, preparedInAdvanceRun } from "./lanes.js";
import { laneRunPhase, workflowPhase, type Phase } from "./phases.js";
import type {
  AtmLaneRun,
  AtmLaneRunStatus,
  AtmLaneRunType,
  AtmWorkflowExecution,
  AtmWorkflowExecutionStatus,
} from "./types.js";

export interface RunSummary {
  runNumber: number;
  status: AtmLaneRunStatus;
  phase: Phase;
  runType: AtmLaneRunType;
  /** For a retry or rerun: the run it repeats. */
  originRunNumber: number | null;
  isRetriable: boolean;
  isRerunable: boolean;
}

export interface LaneSummary {
  /** 1-based, as the server's retry and rerun calls take it. */
  index: number;
  schemaId: string;
  /** The run with the highest number; `undefined` until the lane is reached. */
  latestRun: RunSummary | undefined;
  /** A run prepared in advance (`runNumber: null`), internal to the server; shown for completeness. */
  preparedInAdvance: { status: AtmLaneRunStatus; phase: Phase } | undefined;
  /** Numbered runs only: a run prepared in advance is not counted. */
  runCount: number;
  retryCount: number;
  rerunCount: number;
  isRetriable: boolean;
  isRerunable: boolean;
}

export interface ExecutionSummary {
  atmWorkflowExecutionId: string;
  name: string;
  status: AtmWorkflowExecutionStatus;
  phase: Phase;
  lanes: LaneSummary[];
  /** The lane of the newest run (the highest run number; on a tie, the later lane). */
  currentLane: LaneSummary | undefined;
  runCount: number;
  retryCount: number;
  rerunCount: number;
  /** Some lane run can be retried now (only once the execution is ended, and not crashed). */
  isRetriable: boolean;
  /** Some lane run can be rerun now. */
  isRerunable: boolean;
  /** The timestamps, as POSIX seconds; `undefined` for "not yet" (the server's 0). */
  times: { scheduled?: number; started?: number; suspended?: number; finished?: number };
  /**
   * Durations in seconds, never negative; `undefined` when not known. They end at the finish time
   * for an ended execution, at the suspend time for a suspended (paused or interrupted) one, and at
   * `now` otherwise. Timestamps are first values, never reset on resume, retry or rerun: after a
   * resume the time spent paused counts as running, and a second pause stops the count at the first.
   */
  durations: { queuedSeconds?: number; runningSeconds?: number; totalSeconds?: number };
}

export interface SummaryOptions {
  /** The current time in POSIX seconds, for the durations of an execution still going on. */
  now?: number;
}

function summarizeRun(run: AtmLaneRun & { runNumber: number }): RunSummary {
  return {
    runNumber: run.runNumber,
    status: run.status,
    phase: laneRunPhase(run.status),
    runType: run.runType,
    originRunNumber: run.originRunNumber,
    isRetriable: run.isRetriable,
    isRerunable: run.isRerunable,
  };
}

const positive = (seconds: number): number | undefined => (seconds > 0 ? seconds : undefined);

/**
 * Everything a progress display needs, in one pass over the execution: linear in its size, pure
 * (give `now` for the durations of an execution that has not ended).
 */
export function summarizeExecution(
  execution: AtmWorkflowExecution,
  options: SummaryOptions = {},
): ExecutionSummary {
  if (typeof execution !== "object" || execution === null || !Array.isArray(execution.lanes)) {
    throw new OneproviderUsageError(
      "summarizeExecution needs a workflow execution: an object with a lanes array",
    );
  }
  const summary: ExecutionSummary = {
    atmWorkflowExecutionId: execution.atmWorkflowExecutionId,
    name: execution.name,
    status: execution.status,
    phase: workflowPhase(execution.status),
    lanes: [],
    currentLane: undefined,
    runCount: 0,
    retryCount: 0,
    rerunCount: 0,
    isRetriable: false,
    isRerunable: false,
    times: {},
    durations: {},
  };
  execution.lanes.forEach((lane, position) => {
    const laneSummary: LaneSummary = {
      index: position + 1,
      schemaId: lane.schemaId,
      latestRun: undefined,
      preparedInAdvance: undefined,
      runCount: 0,
      retryCount: 0,
      rerunCount: 0,
      isRetriable: false,
      isRerunable: false,
    };
    const latest = latestRun(lane);
    if (latest) laneSummary.latestRun = summarizeRun(latest as AtmLaneRun & { runNumber: number });
    const prepared = preparedInAdvanceRun(lane);
    if (prepared)
      laneSummary.preparedInAdvance = { status: prepared.status, phase: laneRunPhase(prepared.status) };
    for (const run of lane.runs) {
      laneSummary.isRetriable ||= run.isRetriable;
      laneSummary.isRerunable ||= run.isRerunable;
      if (run.runNumber === null) continue;
      laneSummary.runCount += 1;
      if (run.runType === "retry") laneSummary.retryCount += 1;
      else if (run.runType === "rerun") laneSummary.rerunCount += 1;
    }
    summary.runCount += laneSummary.runCount;
    summary.retryCount += laneSummary.retryCount;
    summary.rerunCount += laneSummary.rerunCount;
    summary.isRetriable ||= laneSummary.isRetriable;
    summary.isRerunable ||= laneSummary.isRerunable;
    summary.lanes.push(laneSummary);
  });
  const current = currentLaneRun(execution);
  if (current) summary.currentLane = summary.lanes[current.laneIndex - 1];

  const scheduled = positive(execution.scheduleTime);
  const started = positive(execution.startTime);
  const suspended = positive(execution.suspendTime);
  const finished = positive(execution.finishTime);
  summary.times = {
    ...(scheduled !== undefined && { scheduled }),
    ...(started !== undefined && { started }),
    ...(suspended !== undefined && { suspended }),
    ...(finished !== undefined && { finished }),
  };
  // A suspended execution stopped running when it was suspended, however long it has sat since.
  const end =
    summary.phase === "ended"
      ? finished
      : summary.phase === "suspended"
        ? (suspended ?? options.now)
        : options.now;
  const span = (from: number | undefined, to: number | undefined) =>
    from !== undefined && to !== undefined ? Math.max(0, to - from) : undefined;
  const queuedSeconds = span(scheduled, started ?? (summary.phase === "waiting" ? options.now : undefined));
  const runningSeconds = span(started, end);
  const totalSeconds = span(scheduled, end);
  summary.durations = {
    ...(queuedSeconds !== undefined && { queuedSeconds }),
    ...(runningSeconds !== undefined && { runningSeconds }),
    ...(totalSeconds !== undefined && { totalSeconds }),
  };
  return summary;
}
