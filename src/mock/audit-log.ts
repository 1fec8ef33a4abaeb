import type { AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import type { Frame } from "./timeline.js";

/**
 * The system audit log of an execution, as the server writes it while the execution moves: one
 * entry per change of the workflow's status or of a lane run's, timestamps in milliseconds on the
 * execution's own clock, descriptions prefixed with the component as the server does.
 */
export function auditLogOf(frames: Frame[], startMs: number): Array<AuditLogEntry & { atMs: number }> {
  const entries: Array<AuditLogEntry & { atMs: number }> = [];
  let atMs = 0;
  let previous: AtmWorkflowExecution | undefined;
  const add = (severity: AuditLogEntry["severity"], description: string, details?: object) =>
    entries.push({
      index: String(entries.length),
      timestamp: startMs + atMs,
      severity,
      content: details === undefined ? { description } : { description, details },
      atMs,
    });
  for (const { execution, durationMs } of frames) {
    if (!previous) {
      add("notice", "Scheduled execution.", { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } });
    } else {
      execution.lanes.forEach((lane, index) => {
        for (const run of lane.runs) {
          if (run.runNumber === null) continue;
          const before = previous!.lanes[index]!.runs.find((each) => each.runNumber === run.runNumber);
          if (before?.status === run.status) continue;
          const failed = run.status === "failed" || run.status === "crashed";
          add(
            failed ? "error" : "info",
            `[Lane: ${index + 1}, Run: ${run.runNumber}] Lane run ${run.status}.`,
          );
        }
      });
      if (execution.status !== previous.status) {
        if (execution.status === "stopping") add("info", "Stopping execution...");
        else if (
          ["finished", "failed", "cancelled", "crashed", "paused", "interrupted"].includes(execution.status)
        )
          add(execution.status === "finished" ? "info" : "warning", "Stopped execution.", {
            status: execution.status,
          });
      }
    }
    previous = execution;
    atMs += durationMs;
  }
  return entries;
}

/** A log as the dump route sends it: "[", each item pretty-printed with " : " and CRLF, "," between, "]". */
export function dumpChunks(entries: AuditLogEntry[]): string[] {
  const pretty = (entry: AuditLogEntry) => JSON.stringify(entry, null, 2).replace(/": /g, '" : ');
  return ["[", ...entries.map((entry, index) => `${index > 0 ? "," : ""}${pretty(entry)}\r\n`), "]"];
}
