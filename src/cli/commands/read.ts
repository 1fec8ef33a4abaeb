import { OneproviderInvalidResponseError } from "../../errors/error-classes.js";
import { summarizeExecution } from "../../execution/summary.js";
import type { AtmWorkflowExecution } from "../../execution/types.js";
import { connect, connectionOptions, positiveNumber } from "../connection.js";
import { EXIT, exitCodeForStatus } from "../exit-codes.js";
import { formatProgressLine, formatSummary } from "../format.js";
import { parseCommand } from "../parse-command.js";
import { stopSignals } from "../stop-signals.js";

/** The summary of what the provider sent; an answer that is no execution is the provider's error (exit 1), not a usage one. */
function summaryOf(execution: AtmWorkflowExecution) {
  try {
    return summarizeExecution(execution, { now: Math.floor(Date.now() / 1000) });
  } catch (error) {
    throw new OneproviderInvalidResponseError("the provider's answer is not a workflow execution", {
      status: 200,
      cause: error,
    });
  }
}

/** `get <wid> [--json]`: the execution, readable or as the JSON the provider sent. */
export async function get(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommand(
    args,
    "get",
    { ...connectionOptions, json: { type: "boolean" } },
    {
      count: 1,
      usage: "get takes exactly one <wid>",
    },
  );
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const { client, close } = connect(values, env);
  try {
    const execution = await client.getWorkflowExecution(positionals[0]!);
    process.stdout.write(
      values.json ? `${JSON.stringify(execution, null, 2)}\n` : `${formatSummary(summaryOf(execution))}\n`,
    );
    return EXIT.ok;
  } finally {
    close();
  }
}

/** `watch <wid>`: follows an execution until it ends; the exit code tells how. */
export async function watch(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommand(
    args,
    "watch",
    { ...connectionOptions, interval: { type: "string" }, "max-interval": { type: "string" } },
    { count: 1, usage: "watch takes exactly one <wid>" },
  );
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const intervalMs = positiveNumber(values.interval, "interval");
  const maxIntervalMs = positiveNumber(values["max-interval"], "max-interval");
  const { client, close } = connect(values, env);
  const terminal = process.stdout.isTTY === true;
  let drawnLines = 0;
  const stop = stopSignals();
  try {
    const execution = await client.waitForWorkflowExecution(positionals[0]!, {
      signal: stop.signal,
      ...(intervalMs !== undefined && { intervalMs }),
      ...(maxIntervalMs !== undefined && { maxIntervalMs }),
      onUpdate: (current) => {
        const summary = summaryOf(current);
        if (terminal) {
          // Redraw in place: up to the first line drawn last time, clear to the end, draw again.
          const text = formatSummary(summary);
          process.stdout.write(`${drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : ""}${text}\n`);
          drawnLines = text.split("\n").length;
        } else {
          process.stdout.write(`${formatProgressLine(summary, new Date())}\n`);
        }
      },
    });
    return exitCodeForStatus(execution.status);
  } catch (error) {
    // Ctrl-C or SIGTERM ends the watch quietly, with the shell's convention for the signal.
    if (stop.exitCode !== undefined) return stop.exitCode;
    throw error;
  } finally {
    stop.release();
    close();
  }
}
