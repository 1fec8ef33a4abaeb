import { ACTIONS } from "../../generated/operations.js";
import { PACKAGE_VERSION } from "../client/package-version.js";
import type { ProviderConfiguration } from "../client/provider-configuration.js";
import { allowedActions } from "../execution/allowed-actions.js";
import { laneRunPhase, workflowPhase, type Phase } from "../execution/phases.js";
import type { AtmLaneRun, AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { escapeHtml, jsonDataBlock } from "./html.js";
import { STYLE, STYLE_HASH } from "./style.js";
import { timeline } from "./timeline.js";

/** What a report is made of: the API's answers as they came, and the moment it is made. */
export interface ExecutionReportInput {
  /** The execution's details, as the provider sent them. */
  execution: AtmWorkflowExecution;
  /** Its system audit log, oldest first, when it was read. */
  auditLog?: readonly AuditLogEntry[] | undefined;
  /** The provider's public configuration, when it answered. */
  configuration?: ProviderConfiguration | undefined;
  /** When the snapshot was taken, in milliseconds since the epoch (`Date.now()`). */
  now: number;
  /** At most this many audit-log entries are rendered (default 2 000); all are kept in the data block. */
  maxLogRows?: number | undefined;
}

/** The id of the data block that holds the API's answers, so that the file is also the recording. */
export const REPORT_DATA_ID = "oneprovider-atm-report-data";

/** A policy that forbids every request and every script: the page needs nothing but itself. */
const policy = `default-src 'none'; style-src '${STYLE_HASH}'; img-src data:; form-action 'none'; base-uri 'none'`;

/** How a status is shown: a class for its colour, a symbol and the status itself, never colour alone. */
function statusLook(status: string, phase: Phase): { tone: string; symbol: string } {
  if (phase === "ended")
    return status === "finished"
      ? { tone: "ok", symbol: "✓" }
      : status === "crashed"
        ? { tone: "crashed", symbol: "‼" }
        : status === "cancelled"
          ? { tone: "cancelled", symbol: "⊘" }
          : { tone: "failed", symbol: "✗" };
  if (phase === "suspended") return { tone: "suspended", symbol: "⏸" };
  if (phase === "ongoing") return { tone: "ongoing", symbol: "▶" };
  if (phase === "waiting") return { tone: "waiting", symbol: "◷" };
  return { tone: "unknown", symbol: "?" };
}

const statusHtml = (status: string, phase: Phase) => {
  const { tone, symbol } = statusLook(status, phase);
  return `<span class="s ${tone}">${symbol} ${escapeHtml(status)}</span>`;
};

/** Milliseconds since the epoch as UTC, the same on every machine; a value no date can hold, as it came. */
const utcOf = (ms: number, zone = " UTC") =>
  Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
    ? new Date(ms)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, zone)
    : escapeHtml(ms);
/** POSIX seconds, the server's times; its 0 is "not yet". */
const utc = (seconds: number) => (seconds === 0 ? "not yet" : utcOf(seconds * 1000));

const severities = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
/** Warning or worse; a severity this version does not know counts as one, so it is never hidden. */
const isWarningOrWorse = (severity: string) => {
  const rank = severities.indexOf(severity);
  return rank < 0 || rank >= severities.indexOf("warning");
};

/** What an entry says: a system entry's description, or what a user's lambda wrote, as JSON. */
const entryText = (entry: AuditLogEntry) => {
  const content = entry.content as { description?: unknown } | null;
  return typeof content?.description === "string" ? content.description : JSON.stringify(entry.content);
};

/**
 * The report as one HTML file: no script, no request, every server string escaped, the API's answers
 * embedded as a JSON data block. The same input and `now` give the same bytes; nothing is read or
 * written, so it runs in a browser too.
 */
export function renderExecutionReport(input: ExecutionReportInput): string {
  return [...reportChunks(input)].join("");
}

/** The same, a part at a time, for a caller that writes a large report as it is made. */
export function* reportChunks(input: ExecutionReportInput): Generator<string, void, undefined> {
  const { execution, auditLog, configuration, now } = input;
  checkShape(execution);
  if (!Number.isFinite(now))
    throw new OneproviderUsageError("renderExecutionReport needs now, in milliseconds");
  const maxLogRows = input.maxLogRows ?? 2_000;
  if (!Number.isInteger(maxLogRows) || maxLogRows < 0)
    throw new OneproviderUsageError("maxLogRows must be a whole number, 0 or more");
  const wid = execution.atmWorkflowExecutionId;
  const phase = workflowPhase(execution.status);
  const taken = utcOf(now);

  yield `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`;
  yield `<meta http-equiv="Content-Security-Policy" content="${policy}">\n`;
  yield `<meta name="viewport" content="width=device-width, initial-scale=1">\n`;
  yield `<meta name="generator" content="oneprovider-atm-client ${escapeHtml(PACKAGE_VERSION)}">\n`;
  yield `<title>${escapeHtml(execution.name)}: ${escapeHtml(execution.status)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`;

  // The header: what it is, where it stands, and that it is a snapshot.
  yield `<header>\n<h1>${escapeHtml(execution.name)}</h1>\n<p>${statusHtml(execution.status, phase)} <span class="note">(${phase})</span></p>\n<dl>\n`;
  const facts: Array<[string, string]> = [
    ["Execution id", `<span class="id">${escapeHtml(wid)}</span>`],
    ["Space", `<span class="id">${escapeHtml(execution.spaceId)}</span>`],
    ["Inventory", `<span class="id">${escapeHtml(execution.atmInventoryId)}</span>`],
    ["Scheduled", utc(execution.scheduleTime)],
    ["Started", utc(execution.startTime)],
    ["Suspended", utc(execution.suspendTime)],
    ["Finished", utc(execution.finishTime)],
    [
      "Provider",
      configuration
        ? escapeHtml(
            `${configuration.domain ?? "(domain not given)"}, release ${configuration.version ?? "unknown"}${configuration.build ? ` (build ${configuration.build})` : ""}`,
          )
        : "not known (its configuration was not read)",
    ],
    ["Report", `made ${taken} by oneprovider-atm-client ${escapeHtml(PACKAGE_VERSION)}`],
  ];
  for (const [term, value] of facts) yield `<dt>${term}</dt><dd>${value}</dd>\n`;
  yield `</dl>\n<p class="note">A snapshot: the times are first values, never reset, and ended is not final (a failed execution can be force-continued, an ended one retried or rerun).</p>\n</header>\n<main>\n`;

  yield* firstFailure(execution, auditLog);
  yield* lanesAndRuns(execution);
  yield* timeline(execution, auditLog, now, isWarningOrWorse);
  yield* boxesAndTasks(execution);
  yield* auditLogSection(auditLog, maxLogRows);

  yield `</main>\n<script type="application/json" id="${REPORT_DATA_ID}">`;
  yield jsonDataBlock({ execution, auditLog: auditLog ?? null, configuration: configuration ?? null, now });
  yield `</script>\n</body>\n</html>\n`;
}

/** The shape the report walks, checked first: a hostile answer is a usage error naming where, never a crash. */
function checkShape(execution: AtmWorkflowExecution): void {
  const fail = (where: string) =>
    new OneproviderUsageError(`renderExecutionReport needs an execution as the API gives it: ${where}`);
  if (typeof execution !== "object" || execution === null || !Array.isArray(execution.lanes))
    throw fail("an object with a lanes array");
  execution.lanes.forEach((lane, index) => {
    if (typeof lane !== "object" || lane === null || !Array.isArray(lane.runs))
      throw fail(`lanes[${index}] has no runs array`);
    lane.runs.forEach((run, at) => {
      const where = `lanes[${index}].runs[${at}]`;
      if (typeof run !== "object" || run === null || !Array.isArray(run.parallelBoxes))
        throw fail(`${where} has no parallelBoxes array`);
      if (run.runNumber !== null && !Number.isInteger(run.runNumber))
        throw fail(`${where}.runNumber is not a whole number or null`);
      for (const box of run.parallelBoxes)
        if (
          typeof box !== "object" ||
          box === null ||
          typeof box.taskRegistry !== "object" ||
          box.taskRegistry === null
        )
          throw fail(`${where} has a parallel box without a taskRegistry object`);
    });
  });
}

/** What went wrong first: the first warning or worse, the failed and crashed runs, and what can be done. */
function* firstFailure(
  execution: AtmWorkflowExecution,
  auditLog: readonly AuditLogEntry[] | undefined,
): Generator<string> {
  yield `<section aria-labelledby="first">\n<h2 id="first">What went wrong first</h2>\n`;
  const first = auditLog?.find((entry) => isWarningOrWorse(entry.severity));
  if (first)
    yield `<p>The first ${escapeHtml(first.severity)} of the audit log, at ${utcOf(first.timestamp)}: <q>${escapeHtml(entryText(first))}</q></p>\n`;
  else
    yield `<p>${auditLog ? "The audit log has no warning or worse." : "The audit log was not read."}</p>\n`;
  const broken: string[] = [];
  execution.lanes.forEach((lane, index) => {
    for (const run of lane.runs)
      if (run.status === "failed" || run.status === "crashed")
        broken.push(
          `<li>Lane ${index + 1}, run ${escapeHtml(run.runNumber ?? "prepared in advance")}: ${statusHtml(run.status, laneRunPhase(run.status))}</li>`,
        );
  });
  yield broken.length > 0 ? `<ul>\n${broken.join("\n")}\n</ul>\n` : `<p>No lane run failed or crashed.</p>\n`;
  const allowed = allowedActions(execution);
  const commands: string[] = [];
  const wid = escapeHtml(execution.atmWorkflowExecutionId);
  for (const [name, action] of Object.entries(ACTIONS)) {
    if (name === "retry" || name === "rerun") {
      for (const run of allowed[name])
        commands.push(
          `oneprovider-atm ${action.command} ${wid} --lane ${run.laneIndex} --run ${escapeHtml(run.laneRunNumber)}`,
        );
    } else if (allowed[name as keyof Omit<typeof allowed, "retry" | "rerun">]) {
      commands.push(`oneprovider-atm ${action.command} ${wid}`);
    }
  }
  yield commands.length > 0
    ? `<p>What the provider would accept now, as commands:</p>\n<pre><code>${commands.join("\n")}</code></pre>\n`
    : `<p>The provider would accept no action now.</p>\n`;
  yield `</section>\n`;
}

/** Every run of every lane at once: the page's truth. */
function* lanesAndRuns(execution: AtmWorkflowExecution): Generator<string> {
  const numbers = execution.lanes.flatMap((lane) =>
    lane.runs.map((run) => run.runNumber).filter((number): number is number => number !== null),
  );
  const maxRun = Math.max(0, ...numbers);
  const prepared = execution.lanes.some((lane) => lane.runs.some((run) => run.runNumber === null));
  yield `<section aria-labelledby="runs">\n<h2 id="runs">Lanes and runs</h2>\n<table>\n`;
  yield `<caption>Each lane's runs by number${prepared ? ", and a run prepared in advance" : ""}.</caption>\n<thead><tr><th scope="col">Lane</th>`;
  for (let number = 1; number <= maxRun; number += 1) yield `<th scope="col">Run ${number}</th>`;
  if (prepared) yield `<th scope="col">Prepared in advance</th>`;
  yield `</tr></thead>\n<tbody>\n`;
  for (const [index, lane] of execution.lanes.entries()) {
    yield `<tr><th scope="row">Lane ${index + 1} <span class="id note">${escapeHtml(lane.schemaId)}</span></th>`;
    const byNumber = new Map(lane.runs.map((run) => [run.runNumber, run]));
    for (let number = 1; number <= maxRun; number += 1) yield `<td>${runCell(byNumber.get(number))}</td>`;
    if (prepared) yield `<td>${runCell(byNumber.get(null))}</td>`;
    yield `</tr>\n`;
  }
  yield `</tbody>\n</table>\n`;
  if (execution.lanes.length === 0) yield `<p>The execution has no lanes.</p>\n`;
  yield `</section>\n`;
}

function runCell(run: AtmLaneRun | undefined): string {
  if (!run) return `<span class="note">no run</span>`;
  const origin =
    (run.runType === "retry" || run.runType === "rerun") && run.originRunNumber !== null
      ? `<br><span class="note">${escapeHtml(run.runType)} of run ${escapeHtml(run.originRunNumber)}</span>`
      : "";
  return statusHtml(run.status, laneRunPhase(run.status)) + origin;
}

/** The latest run's parallel boxes and their tasks, by id: REST gives no status or time per box or task. */
function* boxesAndTasks(execution: AtmWorkflowExecution): Generator<string> {
  yield `<section aria-labelledby="boxes">\n<h2 id="boxes">Parallel boxes and tasks of each lane's latest run</h2>\n`;
  yield `<p class="note">The REST API gives each box's tasks by id only: no status, time or counter per box or task.</p>\n`;
  for (const [index, lane] of execution.lanes.entries()) {
    const latest = lane.runs.reduce<AtmLaneRun | undefined>(
      (best, run) =>
        run.runNumber !== null && (best === undefined || run.runNumber > best.runNumber!) ? run : best,
      undefined,
    );
    if (!latest) continue;
    yield `<h3>Lane ${index + 1}, run ${escapeHtml(latest.runNumber)}</h3>\n`;
    if (latest.parallelBoxes.length === 0) {
      yield `<p class="note">No parallel box.</p>\n`;
      continue;
    }
    yield `<ol>\n`;
    for (const box of latest.parallelBoxes) {
      const tasks = Object.entries(box.taskRegistry)
        .map(
          ([schemaId, taskId]) =>
            `<li><span class="id">${escapeHtml(schemaId)}</span> → <span class="id">${escapeHtml(taskId)}</span></li>`,
        )
        .join("");
      yield `<li>Box <span class="id">${escapeHtml(box.schemaId)}</span><ul>${tasks || `<li class="note">no task</li>`}</ul></li>\n`;
    }
    yield `</ol>\n`;
  }
  yield `</section>\n`;
}

/** The audit log: warnings and worse first, then every entry, at most `maxLogRows` of each. */
function* auditLogSection(
  auditLog: readonly AuditLogEntry[] | undefined,
  maxLogRows: number,
): Generator<string> {
  yield `<section aria-labelledby="log">\n<h2 id="log">Audit log</h2>\n`;
  if (!auditLog) {
    yield `<p>The audit log was not read.</p>\n</section>\n`;
    return;
  }
  const warnings = auditLog.filter((entry) => isWarningOrWorse(entry.severity));
  yield* logTable("Warnings and worse", warnings, maxLogRows);
  yield* logTable("Every entry, oldest first", auditLog, maxLogRows);
  yield `</section>\n`;
}

function* logTable(
  caption: string,
  entries: readonly AuditLogEntry[],
  maxLogRows: number,
): Generator<string> {
  if (entries.length === 0) {
    yield `<p>${caption}: none.</p>\n`;
    return;
  }
  yield `<table>\n<caption>${caption} (${entries.length})</caption>\n<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Severity</th><th scope="col">Entry</th></tr></thead>\n<tbody>\n`;
  for (const entry of entries.slice(0, maxLogRows)) {
    // Light rows: a log of thousands of entries is most of the page.
    yield `<tr><td>${utcOf(entry.timestamp, "")}</td><td${isWarningOrWorse(entry.severity) ? ' class="s failed"' : ""}>${escapeHtml(entry.severity)}</td><td>${escapeHtml(entryText(entry))}</td></tr>`;
  }
  yield `\n</tbody>\n</table>\n`;
  if (entries.length > maxLogRows)
    yield `<p class="note">${entries.length - maxLogRows} more entries are in the data embedded in this file, not shown.</p>\n`;
}

/**
 * The API's answers a saved report holds (its data block), ready to render again: the file is the
 * recording. Anything else is a usage error that says what is missing.
 */
export function readExecutionReport(html: string): ExecutionReportInput {
  const block = new RegExp(
    `<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`,
  ).exec(html);
  if (!block) throw new OneproviderUsageError("not a report of oneprovider-atm: it has no data block");
  let data: unknown;
  try {
    data = JSON.parse(block[1]!);
  } catch {
    throw new OneproviderUsageError("the report's data block is not JSON");
  }
  const { execution, auditLog, configuration, now } = (data ?? {}) as Record<string, unknown>;
  if (typeof now !== "number" || typeof execution !== "object" || execution === null)
    throw new OneproviderUsageError("the report's data block has no execution or no time");
  if (auditLog != null && !Array.isArray(auditLog))
    throw new OneproviderUsageError("the report's audit log is not a list");
  const input: ExecutionReportInput = { execution: execution as AtmWorkflowExecution, now };
  if (Array.isArray(auditLog)) input.auditLog = auditLog as AuditLogEntry[];
  if (typeof configuration === "object" && configuration !== null) input.configuration = configuration;
  checkShape(input.execution);
  return input;
}
