import type { AtmWorkflowExecution } from "../execution/types.js";
import { newRun, Play, type Frame, type Outcome, type Program } from "./engine.js";

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

export type { Frame } from "./engine.js";

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

/** The program of each scenario: how its lanes behave when it runs (lane 2 is where things happen). */
export function scenarioProgram(scenario: Scenario): Program {
  const special: Partial<Record<Scenario, Outcome>> = {
    retried: "failed",
    failed: "failed",
    crashed: "crashed",
    cancelled: "cancel",
    paused: "pause",
  };
  return {
    lanes: laneNames.slice(0, scenario === "paused" ? 2 : 3),
    // The first run of lane 2 ends as the scenario says; any later run, or a resumed one, finishes.
    outcome: (laneIndex, attempt, resumed) =>
      laneIndex === 1 && attempt === 1 && !resumed ? (special[scenario] ?? "finished") : "finished",
    maxRetries: (laneIndex) => (scenario === "retried" && laneIndex === 1 ? 1 : 0),
  };
}

/** A new execution of `program`, `scheduled`: only lane 1 has a run (number 1). */
export function newExecution(
  name: string,
  program: Program,
  nextId: () => string,
  scheduleTime: number,
  spaceId: string,
): AtmWorkflowExecution {
  const executionId = nextId();
  return {
    atmWorkflowExecutionId: executionId,
    atmWorkflowSchemaSnapshotId: executionId,
    name,
    atmInventoryId: nextId(),
    spaceId,
    userId: nextId(),
    status: "scheduled",
    scheduleTime,
    startTime: 0,
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: { [nextId()]: nextId() },
    storeRegistry: { "input-files": nextId(), results: nextId() },
    systemAuditLogStoreId: nextId(),
    lanes: program.lanes.map((schemaId, index) => ({
      schemaId,
      runs: index === 0 ? [newRun(1)] : [],
    })),
  };
}

/**
 * Plays a scenario on the server's real state machine and records a frame at each change: the
 * execution scheduled, lanes prepared (the next one in advance, `runNumber: null`), run, retried
 * automatically after a failure, and ended or suspended, with timestamps in seconds from `startMs`
 * (epoch ms) on.
 */
export function buildTimeline(
  scenario: Scenario,
  nextId: () => string,
  startMs: number,
  stepMs: number,
  spaceId: string = nextId(),
): Frame[] {
  const program = scenarioProgram(scenario);
  const scheduleTime = Math.floor(startMs / 1000);
  const execution = newExecution(`Mock workflow (${scenario})`, program, nextId, scheduleTime, spaceId);
  const play = new Play(execution, startMs, stepMs, nextId, program);
  play.record();
  return play.runLanes(0);
}
