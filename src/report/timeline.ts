import type { AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import { escapeHtml } from "./html.js";

/** op-worker prefixes what a lane run writes in the system audit log: `[Lane: 2, Run: 1] …`. */
const laneRunPrefix = /^\[Lane: (\d+), Run: (\d+)/;

interface Bar {
  label: string;
  fromMs: number;
  toMs: number;
  /** The times of warnings and worse on this row. */
  marks: number[];
}

const width = 760;
const labelWidth = 130;
const rowHeight = 22;

/** Milliseconds since the epoch as a time of day in UTC, for the text beside the picture. */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * When each lane run happened, from the audit log's prefixes (the only source of it over REST), with
 * its warnings and worse marked; with no log, one bar for the whole execution from its own times.
 * An inline SVG named by its title, described by its text, and the same as a list beside it.
 */
export function* timeline(
  execution: AtmWorkflowExecution,
  auditLog: readonly AuditLogEntry[] | undefined,
  now: number,
  isWarningOrWorse: (severity: string) => boolean,
): Generator<string> {
  const bars = new Map<string, Bar>();
  for (const entry of auditLog ?? []) {
    const time = entry.timestamp;
    if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) continue;
    const content = entry.content as { description?: unknown } | null;
    const match = typeof content?.description === "string" ? laneRunPrefix.exec(content.description) : null;
    const label = match ? `Lane ${match[1]}, run ${match[2]}` : "Execution";
    const bar = bars.get(label) ?? { label, fromMs: time, toMs: time, marks: [] };
    bar.fromMs = Math.min(bar.fromMs, time);
    bar.toMs = Math.max(bar.toMs, time);
    if (isWarningOrWorse(entry.severity)) bar.marks.push(time);
    bars.set(label, bar);
  }
  const fromLog = [...bars.values()].some((bar) => bar.label !== "Execution");
  let rows: Bar[];
  let source: string;
  if (fromLog) {
    rows = [...bars.values()].sort((a, b) => a.fromMs - b.fromMs || a.label.localeCompare(b.label));
    source = "from the audit log's lane-run entries";
  } else {
    // No lane-run entry to go by: the execution's own times, to its end or to now.
    const start = (execution.startTime || execution.scheduleTime) * 1000;
    const end =
      execution.finishTime > 0
        ? execution.finishTime * 1000
        : execution.suspendTime > 0
          ? execution.suspendTime * 1000
          : now;
    const marks = bars.get("Execution")?.marks ?? [];
    const drawable = (ms: number) => Number.isFinite(ms) && ms > 0 && ms <= 8.64e15;
    rows =
      drawable(start) && drawable(end) && end >= start
        ? [{ label: "Execution", fromMs: start, toMs: end, marks }]
        : [];
    source = "from the execution's own times (the audit log gave no lane run)";
  }
  yield `<section aria-labelledby="timeline">\n<h2 id="timeline">Timeline</h2>\n`;
  if (rows.length === 0) {
    yield `<p>Nothing to draw: the execution has not started.</p>\n</section>\n`;
    return;
  }
  const t0 = Math.min(...rows.map((row) => row.fromMs));
  const t1 = Math.max(...rows.map((row) => row.toMs), t0 + 1);
  const x = (ms: number) => (labelWidth + ((ms - t0) / (t1 - t0)) * (width - labelWidth - 10)).toFixed(1);
  const height = rows.length * rowHeight + 24;
  const described = rows
    .map(
      (row) =>
        `${row.label}: ${clock(row.fromMs)} to ${clock(row.toMs)} UTC${row.marks.length > 0 ? `, ${row.marks.length} warning or worse` : ""}`,
    )
    .join("; ");
  yield `<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc" viewBox="0 0 ${width} ${height}" width="100%">`;
  yield `<title id="timeline-title">When each lane run happened, ${source}</title><desc id="timeline-desc">${escapeHtml(described)}</desc>\n`;
  for (const [index, row] of rows.entries()) {
    const y = index * rowHeight + 4;
    const left = x(row.fromMs);
    const barWidth = Math.max(2, Number(x(row.toMs)) - Number(left)).toFixed(1);
    yield `<text x="4" y="${y + 14}" class="label">${escapeHtml(row.label)}</text><rect class="bar" x="${left}" y="${y + 3}" width="${barWidth}" height="14"></rect>`;
    for (const mark of row.marks)
      yield `<rect class="mark" x="${x(mark)}" y="${y}" width="3" height="20"></rect>`;
    yield `\n`;
  }
  yield `<text x="${labelWidth}" y="${height - 4}" class="label">${clock(t0)} UTC</text><text x="${width - 10}" y="${height - 4}" class="label" text-anchor="end">${clock(t1)} UTC</text>\n</svg>\n`;
  yield `<ul class="note">\n${rows.map((row) => `<li>${escapeHtml(row.label)}: ${clock(row.fromMs)}–${clock(row.toMs)} UTC${row.marks.length > 0 ? ` (${row.marks.length} warning or worse, marked)` : ""}</li>`).join("\n")}\n</ul>\n</section>\n`;
}
