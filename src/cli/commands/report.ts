import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { workflowPhase } from "../../execution/phases.js";
import { allowedActions } from "../../execution/allowed-actions.js";
import type { ExecutionReportInput } from "../../report/render.js";
import { readExecutionReport, reportChunks } from "../../report/render.js";
import { collectExecutionReport } from "../../report/collect.js";
import { redactReport } from "../../report/redact.js";
import { UsageError } from "../command.js";
import { defineProviderCommand } from "../connection.js";
import { EXIT } from "../exit-codes.js";
import { terminalLine as shown } from "../terminal-text.js";

/** `report <wid>`: one HTML file of the execution to share (--html), or its grid in the terminal. */
export const report = defineProviderCommand({
  name: "report",
  usage:
    "report <wid>|--from FILE [--html FILE|-] [--text] [--redact] [--max-log-rows N] [--no-log]\n                 [connection options]",
  listing: ["report <wid>", "a picture of the execution to share: one HTML file (--html FILE)"],
  description: `Makes a report of the execution: one HTML file with no script that asks for nothing, opens anywhere
(from disk, in a mail client, printed), and holds the API's answers, so that it is also the recording.
Without --html it prints the lanes × runs grid and what went wrong first.`,
  options: {
    html: {
      type: "string",
      placeholder: "FILE",
      files: true,
      help: "write the HTML report to FILE (- : standard output)",
    },
    text: { type: "boolean", help: "print the grid and the first failure (the default without --html)" },
    "max-log-rows": {
      type: "string",
      placeholder: "N",
      number: { whole: true, min: 0 },
      help: "render at most N audit-log entries of each table (default 2000); all stay in the data",
    },
    "no-log": { type: "boolean", help: "leave the audit log out" },
    redact: {
      type: "boolean",
      help: "replace ids, host names and user log text with stable pseudonyms, in the\nwhole file (its data too); the mapping goes to standard error, for you alone",
    },
    from: {
      type: "string",
      placeholder: "FILE",
      files: true,
      help: "render a saved report again, with no provider",
    },
  },
  positionals: { count: undefined, usage: "report takes one <wid>, or --from FILE" },
  async run({ values, positionals }, connected) {
    const from = values.from;
    if ((from === undefined) !== (positionals.length === 1) || positionals.length > 1)
      throw new UsageError("report takes one <wid>, or --from FILE and no <wid>");
    let input: ExecutionReportInput;
    if (from !== undefined) {
      let html: string;
      try {
        html = readFileSync(from, "utf8");
      } catch (error) {
        throw new UsageError(
          `cannot read --from ${from}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
      }
      input = readExecutionReport(html);
    } else {
      input = await collectExecutionReport(connected(), positionals[0]!, { auditLog: !values["no-log"] });
    }
    if (values.redact) {
      const redacted = redactReport(input);
      input = redacted.input;
      for (const [original, pseudonym] of redacted.mapping)
        process.stderr.write(`redacted: ${pseudonym} = ${shown(original)}\n`);
    }
    if (values["max-log-rows"] !== undefined) input.maxLogRows = values["max-log-rows"];
    if (values.html !== undefined) await writeHtml(input, values.html);
    if (values.html === undefined || values.text) process.stdout.write(textReport(input));
    return EXIT.ok;
  },
});

/** The HTML, written a part at a time as it is made. */
async function writeHtml(input: ExecutionReportInput, file: string): Promise<void> {
  const out = file === "-" ? process.stdout : createWriteStream(file);
  for (const chunk of reportChunks(input)) if (!out.write(chunk)) await once(out, "drain");
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
    process.stderr.write(`report: wrote ${file}\n`);
  }
}

/** The grid of lanes × runs and the first failure, as terminal text (escaped like all output). */
function textReport({ execution, auditLog }: ExecutionReportInput): string {
  const lines = [`${shown(execution.name)}  ${shown(execution.status)} (${workflowPhase(execution.status)})`];
  // One column per run number, as the HTML table has; a run prepared in advance last.
  const numbers = [...new Set(execution.lanes.flatMap((lane) => lane.runs.map((run) => run.runNumber)))].sort(
    (x, y) => (x ?? Infinity) - (y ?? Infinity),
  );
  const rows = [
    ["", ...numbers.map((number) => (number === null ? "prepared in advance" : `run ${number}`))],
    ...execution.lanes.map((lane, index) => [
      `lane ${index + 1}`,
      ...numbers.map((number) => {
        const run = lane.runs.find((each) => each.runNumber === number);
        if (!run) return "";
        const origin =
          run.runType === "retry" || run.runType === "rerun"
            ? ` (${shown(run.runType)} of ${shown(String(run.originRunNumber))})`
            : "";
        return `${shown(run.status)}${origin}`;
      }),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    lines.push(
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("   ")
        .trimEnd()}`,
    );
  const first = auditLog?.find((entry) => !["debug", "info", "notice"].includes(entry.severity));
  if (first) {
    const content = first.content as { description?: unknown } | null;
    const text =
      typeof content?.description === "string" ? content.description : JSON.stringify(first.content);
    lines.push(`First ${shown(first.severity)}: ${shown(text)}`);
  }
  const broken = execution.lanes.flatMap((lane, index) =>
    lane.runs
      .filter((run) => run.status === "failed" || run.status === "crashed")
      .map((run) => `lane ${index + 1} run ${run.runNumber ?? "prepared"} ${shown(run.status)}`),
  );
  lines.push(broken.length > 0 ? `Failed: ${broken.join(", ")}` : "No lane run failed or crashed.");
  const { retry } = allowedActions(execution);
  for (const run of retry)
    lines.push(
      `Retry: oneprovider-atm retry ${shown(execution.atmWorkflowExecutionId)} --lane ${run.laneIndex} --run ${shown(String(run.laneRunNumber))}`,
    );
  return `${lines.join("\n")}\n`;
}
