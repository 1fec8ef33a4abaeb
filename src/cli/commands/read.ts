import { OneproviderInvalidResponseError } from "../../errors/error-classes.js";
import { summarizeExecution } from "../../execution/summary.js";
import type { AtmWorkflowExecution } from "../../execution/types.js";
import { connect, connectionOptions, positiveNumber } from "../connection.js";
import { isEnded, workflowPhase } from "../../execution/phases.js";
import { EXIT, exitCodeForStatus } from "../exit-codes.js";
import { program } from "../help.js";
import { redrawnScreen } from "../redrawn-screen.js";
import { joinLines, terminalLine } from "../terminal-text.js";
import { formatProgressLine, formatSummary } from "../format.js";
import { parseCommand, UsageError } from "../parse-command.js";
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

/** How far `watch` follows: until the execution stops (ended or suspended), or until it ends. */
const untilChoices = ["stopped", "ended"] as const;

/**
 * `watch <wid>`: follows an execution until it stops, ended or suspended (paused, interrupted), or with
 * `--until ended` until it ends; the exit code tells how. Transient failures are ridden out and shown.
 */
export async function watch(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommand(
    args,
    "watch",
    {
      ...connectionOptions,
      interval: { type: "string" },
      "max-interval": { type: "string" },
      until: { type: "string" },
      "max-failures": { type: "string" },
    },
    { count: 1, usage: "watch takes exactly one <wid>" },
  );
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const intervalMs = positiveNumber(values.interval, "interval");
  const maxIntervalMs = positiveNumber(values["max-interval"], "max-interval");
  const until = values.until ?? "stopped";
  if (!(untilChoices as readonly string[]).includes(until))
    throw new UsageError(`--until takes ${untilChoices.join(" or ")}, not "${until}"`);
  const maxFailures = values["max-failures"];
  if (maxFailures !== undefined && !/^\d+$/.test(maxFailures))
    throw new UsageError(`--max-failures takes a whole number, not "${maxFailures}"`);
  const { client, close } = connect(values, env, [
    `the same again, every ${intervalMs ?? 2_000} ms at first, until the execution ${until === "ended" ? "ends" : "stops"}`,
  ]);
  const screen = process.stdout.isTTY ? redrawnScreen(process.stdout) : undefined;
  const stop = stopSignals();
  try {
    const execution = await client.waitForWorkflowExecution(positionals[0]!, {
      signal: stop.signal,
      until:
        until === "ended"
          ? isEnded
          : (current) => isEnded(current) || workflowPhase(current.status) === "suspended",
      ...(intervalMs !== undefined && { intervalMs }),
      ...(maxIntervalMs !== undefined && { maxIntervalMs }),
      // Left running for hours, a watch rides out longer outages than the library's default allows.
      maxConsecutiveFailures: maxFailures === undefined ? 10 : Number(maxFailures),
      onUpdate: (current) => {
        const summary = summaryOf(current);
        if (screen) screen.draw(formatSummary(summary));
        else process.stdout.write(`${formatProgressLine(summary, new Date())}\n`);
      },
      onPollFailure: (error, { consecutiveFailures, delayMs }) => {
        const notice = terminalLine(
          joinLines(
            `${program}: retrying in ${(delayMs / 1000).toFixed(delayMs < 10_000 ? 1 : 0)} s (failure ${consecutiveFailures} in a row): ${error.message}`,
          ),
        );
        if (screen) screen.note(notice);
        else process.stderr.write(`${notice}\n`);
      },
    });
    return workflowPhase(execution.status) === "suspended"
      ? EXIT.suspended
      : exitCodeForStatus(execution.status);
  } catch (error) {
    // Ctrl-C or SIGTERM ends the watch quietly, with the shell's convention for the signal.
    if (stop.exitCode !== undefined) return stop.exitCode;
    throw error;
  } finally {
    stop.release();
    close();
  }
}
