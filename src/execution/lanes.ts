import { OneproviderUsageError } from "../errors/error-classes.js";
import type { AtmLane, AtmLaneRun } from "./types.js";

function runsOf(lane: Pick<AtmLane, "runs">, helper: string): AtmLaneRun[] {
  if (typeof lane !== "object" || lane === null || !Array.isArray(lane.runs)) {
    throw new OneproviderUsageError(`${helper} needs a lane: an object with a runs array`);
  }
  return lane.runs;
}

/**
 * The latest run of a lane: the one with the highest `runNumber`, wherever it stands in the array
 * (runs come newest first, but the first may be a run prepared in advance). A run prepared in advance
 * (`runNumber: null`) is never the latest; `undefined` when the lane has no numbered run.
 */
export function latestRun(lane: Pick<AtmLane, "runs">): AtmLaneRun | undefined {
  let latest: AtmLaneRun | undefined;
  for (const run of runsOf(lane, "latestRun")) {
    if (
      typeof run.runNumber === "number" &&
      // Stryker disable next-line EqualityOperator: equivalent, ">=" picks the same run: the server never numbers two runs of one lane alike.
      (latest === undefined || run.runNumber > (latest.runNumber as number))
    ) {
      latest = run;
    }
  }
  return latest;
}

/**
 * The run prepared in advance for the lane (`runNumber: null`), if there is one. The server prepares
 * the next lane while the current one runs; the Onedata GUI hides such runs as internal.
 */
export function preparedInAdvanceRun(lane: Pick<AtmLane, "runs">): AtmLaneRun | undefined {
  return runsOf(lane, "preparedInAdvanceRun").find((run) => run.runNumber === null);
}

/**
 * The current lane run, as the server tracks it: the numbered run with the highest run number, on a
 * tie the one in the later lane; `laneIndex` counts from 1. `undefined` when no run is numbered yet.
 */
export function currentLaneRun(execution: {
  lanes: ReadonlyArray<Pick<AtmLane, "runs">>;
}): { laneIndex: number; run: AtmLaneRun } | undefined {
  let current: { laneIndex: number; run: AtmLaneRun } | undefined;
  execution.lanes.forEach((lane, index) => {
    for (const run of lane.runs)
      if (run.runNumber !== null && (!current || run.runNumber >= (current.run.runNumber as number)))
        current = { laneIndex: index + 1, run };
  });
  return current;
}
