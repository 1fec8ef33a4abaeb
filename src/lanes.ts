import type { AtmLane, AtmLaneRun } from "./types.js";

/**
 * The latest run of a lane: the one with the highest `runNumber`, wherever it stands in the array
 * (runs come newest first, but the first may be a run prepared in advance). A run prepared in advance
 * (`runNumber: null`) is never the latest; `undefined` when the lane has no numbered run.
 */
export function latestRun(lane: Pick<AtmLane, "runs">): AtmLaneRun | undefined {
  let latest: AtmLaneRun | undefined;
  for (const run of lane.runs) {
    if (
      typeof run.runNumber === "number" &&
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
  return lane.runs.find((run) => run.runNumber === null);
}
