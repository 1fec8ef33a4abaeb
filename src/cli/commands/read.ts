import { OneproviderError, OneproviderInvalidResponseError } from "../../errors/error-classes.js";
import { waitForWorkflowExecution } from "../../client/wait.js";
import { isTransient } from "../../transport/retry.js";
import { summarizeExecution } from "../../execution/summary.js";
import type { AtmWorkflowExecution } from "../../execution/types.js";
import { program } from "../command.js";
import { defineProviderCommand, type ConnectionValues } from "../connection.js";
import type { OneproviderClient } from "../../client/create-client.js";
import { isEnded, workflowPhase } from "../../execution/phases.js";
import { EXIT, exitCodeForStatus, WATCH_EXIT_CODES } from "../exit-codes.js";
import { redrawnScreen } from "../redrawn-screen.js";
import { joinLines, terminalJson, terminalLine } from "../terminal-text.js";
import { formatProgressLine, formatSummary, localTime } from "../format.js";
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
export const get = defineProviderCommand({
  name: "get",
  usage: "get <wid> [--json] [connection options]",
  listing: ["get <wid>", "show a workflow execution (--json: the raw JSON)"],
  description: "Shows the execution: status and phase, times (local), and each lane with its latest run.",
  options: { json: { type: "boolean", help: "print the JSON the provider sent, for jq" } },
  positionals: { count: 1, usage: "get takes exactly one <wid>" },
  async run({ values, positionals }, connected) {
    const execution = await connected().getWorkflowExecution(positionals[0]!);
    process.stdout.write(
      values.json
        ? `${terminalJson(JSON.stringify(execution, null, 2))}\n`
        : `${formatSummary(summaryOf(execution))}\n`,
    );
    return EXIT.ok;
  },
});

/** How far `watch` follows: until the execution stops (ended or suspended), or until it ends. */
const untilChoices = ["stopped", "ended"] as const;

type WatchValues = ConnectionValues & {
  until?: string;
  interval?: number;
  "max-interval"?: number;
  "max-failures"?: number;
};

/**
 * `watch <wid>`: follows an execution until it stops, ended or suspended (paused, interrupted), or with
 * `--until ended` until it ends; the exit code tells how. Transient failures are ridden out and shown.
 */
export const watch = defineProviderCommand({
  name: "watch",
  usage: `watch <wid> [--until stopped|ended] [--interval MS] [--max-interval MS]
                 [--max-failures N] [connection options]`,
  listing: ["watch <wid>", "follow an execution until it ends or is suspended"],
  description: `Follows the execution until it stops: redrawn in place on a terminal, one line per change otherwise.
It stops when the execution ends, or is suspended (paused or interrupted, exit 7). The exit code
tells how. A stopped execution can still be resumed, retried, rerun or force-continued later:
watch reports the state it saw when it stopped. Failed polls (no answer, a timeout, 408, 429, 502,
503, 504) are retried with backoff, and shown; 400, 401, 403, 404 and 500 end the watch at once.`,
  options: {
    until: {
      type: "string",
      placeholder: "stopped|ended",
      values: untilChoices,
      help: "stop when the execution ends or is suspended (stopped, the default), or keep\nwaiting through a suspension until it ends (--until ended)",
    },
    interval: {
      type: "string",
      placeholder: "MS",
      number: {},
      help: "first interval between polls, and again after each change (default 2000)",
    },
    "max-interval": {
      type: "string",
      placeholder: "MS",
      number: {},
      help: "the interval grows up to this while nothing changes (default 30000)",
    },
    "max-failures": {
      type: "string",
      placeholder: "N",
      number: { whole: true, min: 0 },
      help: "give up after N failed polls in a row (default 10)",
    },
  },
  exitCodes: WATCH_EXIT_CODES,
  positionals: { count: 1, usage: "watch takes exactly one <wid>" },
  dryRunThen: ({ values }) => [
    `the same again, every ${values.interval ?? 2_000} ms at first, until the execution ${values.until === "ended" ? "ends" : "stops"}`,
  ],
  run: watchRun,
});

async function watchRun(
  { values, positionals }: { values: WatchValues; positionals: string[] },
  connected: () => OneproviderClient,
): Promise<number> {
  const { interval: intervalMs, "max-interval": maxIntervalMs } = values;
  const until = values.until ?? "stopped";
  const client = connected();
  const screen = process.stdout.isTTY ? redrawnScreen(process.stdout) : undefined;
  const maxFailures = values["max-failures"] ?? 10;
  let failuresInRow = 0;
  /** With --until ended, a suspended execution is waited through: say so, or the watch looks stuck. */
  const waitsForResume = (execution: AtmWorkflowExecution) =>
    until === "ended" && workflowPhase(execution.status) === "suspended";
  const poller = {
    async getWorkflowExecution(wid: string, options: { signal?: AbortSignal }) {
      const execution = await client.getWorkflowExecution(wid, options);
      failuresInRow = 0;
      screen?.footer(
        `Last polled ${localTime(Math.floor(Date.now() / 1000)).slice(11)}${
          waitsForResume(execution) ? `; ${terminalLine(execution.status)}: waiting for a resume` : ""
        }. Ctrl-C stops watching, not the execution.`,
      );
      return execution;
    },
  };
  const stop = stopSignals();
  try {
    const execution = await waitForWorkflowExecution(poller, positionals[0]!, {
      signal: stop.signal,
      until:
        until === "ended"
          ? isEnded
          : (current) => isEnded(current) || workflowPhase(current.status) === "suspended",
      ...(intervalMs !== undefined && { intervalMs }),
      ...(maxIntervalMs !== undefined && { maxIntervalMs }),
      // Left running for hours, a watch rides out longer outages than the library's default allows.
      maxConsecutiveFailures: maxFailures,
      onUpdate: (current, previous) => {
        const summary = summaryOf(current);
        if (screen) screen.draw(formatSummary(summary));
        else process.stdout.write(`${formatProgressLine(summary, new Date())}\n`);
        if (!screen && waitsForResume(current) && !(previous && waitsForResume(previous)))
          process.stderr.write(
            `${program}: ${terminalLine(current.status)}: waiting for a resume (--until ended)\n`,
          );
      },
      onPollFailure: (error, { consecutiveFailures, delayMs }) => {
        failuresInRow = consecutiveFailures;
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
    // The wait's last transient failure ends it once the others were ridden out: say that it gave up.
    if (error instanceof OneproviderError && failuresInRow === maxFailures && isTransient(error, true, true))
      error.message = `gave up after ${maxFailures + 1} failed poll${maxFailures > 0 ? "s" : ""} in a row; the last: ${error.message}`;
    throw error;
  } finally {
    stop.release();
  }
}
