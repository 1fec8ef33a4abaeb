import type { ExecutionSummary } from "../execution/summary.js";
import { terminalLine as shown } from "./terminal-text.js";

/** A POSIX time in seconds as a local date and time, `YYYY-MM-DD HH:MM:SS`. */
export function localTime(seconds: number | undefined): string {
  if (seconds === undefined) return "-";
  const date = new Date(seconds * 1000);
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return "-";
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours > 0
    ? `${hours}h${String(minutes).padStart(2, "0")}m`
    : minutes > 0
      ? `${minutes}m${String(rest).padStart(2, "0")}s`
      : `${rest}s`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
}

/** The readable form of `get`: status, phase, times, and a table of lanes with their latest runs. */
export function formatSummary(summary: ExecutionSummary): string {
  const { times, durations } = summary;
  const lines = [
    `Workflow execution  ${shown(summary.name)}`,
    `Id                  ${shown(summary.atmWorkflowExecutionId)}`,
    `Status              ${shown(summary.status)} (${summary.phase})`,
    `Scheduled           ${localTime(times.scheduled)}`,
    `Started             ${localTime(times.started)}`,
  ];
  if (times.suspended !== undefined) lines.push(`Suspended           ${localTime(times.suspended)}`);
  lines.push(`Finished            ${summary.phase === "ended" ? localTime(times.finished) : "-"}`);
  lines.push(`Running time        ${duration(durations.runningSeconds)}`);
  lines.push("");
  const rows = [["#", "LANE", "RUN", "TYPE", "STATUS", "RUNS", "RETRIES", "RERUNS"]];
  for (const lane of summary.lanes) {
    const run = lane.latestRun;
    const current = summary.currentLane === lane && summary.phase !== "ended" ? " ◀" : "";
    rows.push([
      String(lane.index),
      shown(lane.schemaId),
      run ? String(run.runNumber) : "-",
      run
        ? shown(run.originRunNumber === null ? run.runType : `${run.runType} of ${run.originRunNumber}`)
        : "-",
      shown(
        run
          ? run.status
          : lane.preparedInAdvance
            ? `(${lane.preparedInAdvance.status} in advance)`
            : "not reached",
      ) + current,
      String(lane.runCount),
      String(lane.retryCount),
      String(lane.rerunCount),
    ]);
  }
  lines.push(...table(rows));
  lines.push("");
  lines.push(
    `Retriable: ${summary.isRetriable ? "yes" : "no"}   Rerunable: ${summary.isRerunable ? "yes" : "no"}`,
  );
  return lines.join("\n");
}

/** One line per change, for `watch` when the output is not a terminal. */
export function formatProgressLine(summary: ExecutionSummary, at: Date): string {
  const lane = summary.currentLane;
  const laneText = lane
    ? ` lane ${lane.index}/${summary.lanes.length} ${lane.schemaId} run ${lane.latestRun?.runNumber} ${lane.latestRun?.status}`
    : "";
  const prepared = summary.lanes.find((each) => each.preparedInAdvance);
  const preparedText = prepared
    ? `; lane ${prepared.index} prepared in advance (${prepared.preparedInAdvance?.status})`
    : "";
  return shown(`${at.toISOString()} ${summary.status} (${summary.phase})${laneText}${preparedText}`);
}
