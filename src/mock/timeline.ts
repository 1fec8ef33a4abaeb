import type {
  AtmLaneRun,
  AtmLaneRunStatus,
  AtmWorkflowExecution,
  AtmWorkflowExecutionStatus,
} from "../execution/types.js";

/** How an execution of the mock ends (or stops). */
export type Scenario = "finished" | "retried" | "failed" | "cancelled" | "crashed" | "paused";
export const SCENARIOS: readonly Scenario[] = [
  "finished",
  "retried",
  "failed",
  "cancelled",
  "crashed",
  "paused",
];

/** One state of an execution and how long (in simulated ms) it lasts; the last one lasts for ever. */
export interface Frame {
  execution: AtmWorkflowExecution;
  durationMs: number;
}

/** A deterministic source of ids: 32 hex digits, `ch`, 4 hex digits, like a provider's. */
export function idSource(seed: number): () => string {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    // mulberry32: small, fast, and the same sequence for the same seed everywhere.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, "0");
  };
  return () => `${next()}${next()}${next()}${next()}ch${next().slice(0, 4)}`;
}

const laneNames = ["list-files", "detect-types", "checksum", "publish-results"];

/**
 * Plays a scenario on the server's real state machine and records a frame at each change: the
 * execution scheduled, lanes prepared (the next one in advance, `runNumber: null`), run, retried
 * automatically after a failure, and ended or suspended, with timestamps in seconds from `startSeconds`.
 */
export function buildTimeline(
  scenario: Scenario,
  nextId: () => string,
  startSeconds: number,
  stepMs: number,
  spaceId: string = nextId(),
): Frame[] {
  const laneCount = scenario === "paused" ? 2 : 3;
  const executionId = nextId();
  const frames: Frame[] = [];
  let clockMs = 0;
  const execution: AtmWorkflowExecution = {
    atmWorkflowExecutionId: executionId,
    atmWorkflowSchemaSnapshotId: executionId,
    name: `Mock workflow (${scenario})`,
    atmInventoryId: nextId(),
    spaceId,
    userId: nextId(),
    status: "scheduled",
    scheduleTime: startSeconds,
    startTime: 0,
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: { [nextId()]: nextId() },
    storeRegistry: { "input-files": nextId(), results: nextId() },
    systemAuditLogStoreId: nextId(),
    lanes: Array.from({ length: laneCount }, (_, index) => ({
      schemaId: laneNames[index] ?? `lane-${index + 1}`,
      runs: [],
    })),
  };
  const now = () => startSeconds + Math.floor(clockMs / 1000);
  const record = (steps = 1) => {
    frames.push({ execution: structuredClone(execution), durationMs: steps * stepMs });
    clockMs += steps * stepMs;
  };
  const newRun = (runNumber: number | null, overrides: Partial<AtmLaneRun> = {}): AtmLaneRun => ({
    runNumber,
    originRunNumber: null,
    runType: "regular",
    status: "scheduled",
    iteratedStoreId: null,
    exceptionStoreId: null,
    parallelBoxes: [],
    isRetriable: false,
    isRerunable: false,
    ...overrides,
  });
  const prepare = (run: AtmLaneRun, laneIndex: number) => {
    run.iteratedStoreId ??= execution.storeRegistry["input-files"] ?? null;
    run.exceptionStoreId = nextId();
    run.parallelBoxes = [
      { schemaId: `pbox-${laneIndex + 1}`, taskRegistry: { [`task-${laneIndex + 1}`]: nextId() } },
    ];
  };
  const lane = (index: number) => execution.lanes[index]!;
  const runOf = (index: number) => lane(index).runs[0]!;
  const setStatus = (run: AtmLaneRun, status: AtmLaneRunStatus) => (run.status = status);
  const end = (status: AtmWorkflowExecutionStatus) => {
    execution.status = status;
    execution.finishTime = now();
    // Runs prepared in advance are deleted when the execution stops.
    for (const each of execution.lanes) each.runs = each.runs.filter((run) => run.runNumber !== null);
    // Retry and rerun become possible only once the execution has ended, and never after a crash.
    for (const each of execution.lanes) {
      for (const run of each.runs) {
        run.isRerunable = status !== "crashed" && ["finished", "cancelled", "failed"].includes(run.status);
        run.isRetriable = status !== "crashed" && run.status === "failed";
      }
    }
    record();
  };

  // At creation only lane 1 has a run: number 1, scheduled.
  lane(0).runs.push(newRun(1));
  record();
  execution.status = "active";
  execution.startTime = now();
  let runNumber = 1;
  for (let index = 0; index < laneCount; index += 1) {
    const run = runOf(index);
    if (run.status === "scheduled") {
      setStatus(run, "preparing");
      record();
      prepare(run, index);
      setStatus(run, "enqueued");
      record();
    }
    setStatus(run, "active");
    // While this lane runs, the next one is prepared in advance: its run number is not known yet.
    if (index + 1 < laneCount) {
      const prepared = newRun(null, { status: "preparing" });
      lane(index + 1).runs.unshift(prepared);
      record();
      prepare(prepared, index + 1);
      setStatus(prepared, "enqueued");
    }
    record(2);

    const last = index === laneCount - 1;
    if (scenario === "retried" && index === 1) {
      // The lane fails with some items failed; the server retries it over its exception store.
      setStatus(run, "failed");
      const failedRun = run;
      lane(index + 1).runs = lane(index + 1).runs.filter((each) => each.runNumber !== null);
      record();
      runNumber += 1;
      const retry = newRun(runNumber, {
        originRunNumber: failedRun.runNumber,
        runType: "retry",
        status: "preparing",
        iteratedStoreId: failedRun.exceptionStoreId,
      });
      lane(index).runs.unshift(retry);
      record();
      prepare(retry, index);
      setStatus(retry, "active");
      record(2);
      setStatus(retry, "finished");
    } else if ((scenario === "failed" || scenario === "crashed" || scenario === "cancelled") && index === 1) {
      if (scenario === "cancelled") {
        execution.status = "stopping";
        setStatus(run, "stopping");
        record();
        setStatus(run, "cancelled");
        return finish("cancelled");
      }
      if (scenario === "crashed") {
        setStatus(run, "crashed");
        return finish("crashed");
      }
      setStatus(run, "failed");
      execution.status = "stopping";
      record();
      return finish("failed");
    } else if (scenario === "paused" && index === 1) {
      execution.status = "stopping";
      setStatus(run, "stopping");
      record();
      setStatus(run, "paused");
      execution.status = "paused";
      execution.suspendTime = now();
      record();
      return frames;
    } else {
      setStatus(run, "finished");
    }
    if (!last) {
      // The run prepared in advance joins the current workflow run, or a new one is created.
      const next = lane(index + 1).runs[0];
      if (next && next.runNumber === null) next.runNumber = runNumber;
      else lane(index + 1).runs.unshift(newRun(runNumber));
    }
    record();
  }
  return finish("finished");

  function finish(status: AtmWorkflowExecutionStatus): Frame[] {
    end(status);
    return frames;
  }
}
