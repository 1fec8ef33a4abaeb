import type {
  AtmLaneRun,
  AtmLaneRunStatus,
  AtmWorkflowExecution,
  AtmWorkflowExecutionStatus,
} from "../execution/types.js";

/** One state of an execution and how long (in ms on the mock's clock) it lasts; the last one lasts for ever. */
export interface Frame {
  execution: AtmWorkflowExecution;
  durationMs: number;
}

/** How a lane run ends: by itself (finished, failed, crashed), or stopped by the provider's user. */
export type Outcome = "finished" | "failed" | "crashed" | "cancel" | "pause";

/** What a workflow does when it runs: its lanes, and how each run of each lane ends. */
export interface Program {
  lanes: readonly string[];
  /** `attempt` counts the lane's numbered runs (1 for its first); `resumed` after a resume. */
  outcome(laneIndex: number, attempt: number, resumed: boolean): Outcome;
  /** Automatic retries of a failed lane run (the lane schema's `maxRetries`). */
  maxRetries(laneIndex: number): number;
}

/** A lane run as the server creates it: `scheduled`, not prepared, nothing to repeat yet. */
export function newRun(runNumber: number | null, overrides: Partial<AtmLaneRun> = {}): AtmLaneRun {
  return {
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
  };
}

export const endedStatuses = ["finished", "failed", "cancelled", "crashed"];

/**
 * Plays an execution on the server's state machine from a given state, recording a frame at each
 * change: lanes prepared (the next one in advance, `runNumber: null`), run, retried automatically,
 * and ended or suspended, with timestamps in seconds on the mock's clock. An action on a live
 * execution starts a new play from the state it finds.
 */
export class Play {
  readonly frames: Frame[] = [];

  constructor(
    readonly execution: AtmWorkflowExecution,
    /** Epoch ms on the mock's clock when the play starts. */
    private clockMs: number,
    private readonly stepMs: number,
    private readonly nextId: () => string,
    private readonly program: Program,
  ) {}

  now(): number {
    return Math.floor(this.clockMs / 1000);
  }

  record(steps = 1): void {
    this.frames.push({ execution: structuredClone(this.execution), durationMs: steps * this.stepMs });
    this.clockMs += steps * this.stepMs;
  }

  newRun(runNumber: number | null, overrides: Partial<AtmLaneRun> = {}): AtmLaneRun {
    return newRun(runNumber, overrides);
  }

  private prepare(run: AtmLaneRun, laneIndex: number): void {
    run.iteratedStoreId ??= Object.values(this.execution.storeRegistry)[0] ?? null;
    run.exceptionStoreId = this.nextId();
    run.parallelBoxes = [
      { schemaId: `pbox-${laneIndex + 1}`, taskRegistry: { [`task-${laneIndex + 1}`]: this.nextId() } },
    ];
  }

  private removePreparedInAdvance(): void {
    for (const lane of this.execution.lanes) lane.runs = lane.runs.filter((run) => run.runNumber !== null);
  }

  /** Stops the execution for good: runs prepared in advance deleted, the repeat flags set. */
  end(status: AtmWorkflowExecutionStatus): void {
    const execution = this.execution;
    execution.status = status;
    execution.finishTime = Math.max(this.now(), execution.startTime);
    this.removePreparedInAdvance();
    // Retry and rerun become possible only once the execution has ended, and never after a crash.
    for (const lane of execution.lanes) {
      for (const run of lane.runs) {
        run.isRerunable = status !== "crashed" && ["finished", "cancelled", "failed"].includes(run.status);
        run.isRetriable = status !== "crashed" && run.status === "failed" && run.exceptionStoreId !== null;
      }
    }
    this.record();
  }

  /** Suspends the execution: the current run and the execution `paused`, runs prepared in advance removed. */
  suspend(): void {
    const execution = this.execution;
    this.removePreparedInAdvance();
    execution.status = "paused";
    execution.suspendTime = Math.max(this.now(), execution.startTime);
    this.record();
  }

  /** Goes from waiting to ongoing, as the server does when the first run starts (or a stop begins). */
  startIfWaiting(): void {
    const execution = this.execution;
    if (execution.status === "scheduled" || execution.status === "resuming") {
      execution.status = "active";
      execution.startTime = Math.max(this.now(), execution.scheduleTime);
    }
  }

  /**
   * Runs the lanes from `laneIndex`, whose front run is the current one, to the end of the workflow
   * or a stop. `resumed` is true when the current run resumes after a pause.
   */
  runLanes(laneIndex: number, resumed = false): Frame[] {
    const execution = this.execution;
    const lanes = execution.lanes;
    const setStatus = (run: AtmLaneRun, status: AtmLaneRunStatus) => (run.status = status);
    let runNumber = lanes[laneIndex]!.runs[0]!.runNumber!;
    for (let index = laneIndex; index < lanes.length; index += 1) {
      const lane = lanes[index]!;
      for (;;) {
        const run = lane.runs[0]!;
        if (["scheduled", "resuming", "preparing"].includes(run.status) && run.parallelBoxes.length === 0) {
          this.startIfWaiting();
          setStatus(run, "preparing");
          this.record();
          this.prepare(run, index);
          setStatus(run, "enqueued");
          this.record();
        }
        this.startIfWaiting();
        setStatus(run, "active");
        // While this lane runs, the next one is prepared in advance: its run number is not known yet.
        const next = lanes[index + 1];
        if (next && next.runs[0]?.runNumber !== null) {
          const prepared = this.newRun(null, { status: "preparing" });
          next.runs.unshift(prepared);
          this.record();
          this.prepare(prepared, index + 1);
          setStatus(prepared, "enqueued");
        }
        this.record(2);
        const attempt = lane.runs.filter((each) => each.runNumber !== null).length;
        const outcome = this.program.outcome(index, attempt, resumed);
        resumed = false;
        if (outcome === "finished") {
          setStatus(run, "finished");
          break;
        }
        if (outcome === "crashed") {
          setStatus(run, "crashed");
          this.end("crashed");
          return this.frames;
        }
        if (outcome === "cancel" || outcome === "pause") {
          execution.status = "stopping";
          setStatus(run, "stopping");
          this.record();
          setStatus(run, outcome === "cancel" ? "cancelled" : "paused");
          if (outcome === "cancel") this.end("cancelled");
          else this.suspend();
          return this.frames;
        }
        // Failed: retried automatically while the lane has retries left, else the workflow fails.
        setStatus(run, "failed");
        const automatic = lane.runs.filter(
          (each) => each.runType === "retry" && each.originRunNumber !== null,
        );
        if (automatic.length < this.program.maxRetries(index)) {
          this.removePreparedInAdvance();
          this.record();
          runNumber = Math.max(...lanes.flatMap((each) => each.runs.map((r) => r.runNumber ?? 0))) + 1;
          lane.runs.unshift(
            this.newRun(runNumber, {
              originRunNumber: run.runNumber,
              runType: "retry",
              status: "preparing",
              iteratedStoreId: run.exceptionStoreId,
            }),
          );
          this.record();
          continue;
        }
        execution.status = "stopping";
        this.record();
        this.end("failed");
        return this.frames;
      }
      const next = lanes[index + 1];
      if (next) {
        // The run prepared in advance joins the current workflow run, or a new one is created.
        const prepared = next.runs[0];
        if (prepared && prepared.runNumber === null) prepared.runNumber = runNumber;
        else next.runs.unshift(this.newRun(runNumber));
      }
      this.record();
    }
    this.end("finished");
    return this.frames;
  }
}
