import {
  OneproviderNetworkError,
  OneproviderRedirectError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "../errors/error-classes.js";

/** The command-line tool's exit codes; `--help` lists them. */
export const EXIT = {
  ok: 0,
  /** The provider answered with an error, or with a body that is not an execution. */
  apiError: 1,
  usage: 2,
  /** No answer: connection, DNS, TLS, timeout, or a refused redirect. */
  network: 3,
  /** `watch`: the execution ended, but not `finished`. */
  failed: 4,
  cancelled: 5,
  crashed: 6,
  /** `watch`: the execution stopped suspended (paused or interrupted); `--until ended` waits on. */
  suspended: 7,
  /** `watch` or `logs --follow` stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** The same, stopped by SIGTERM (128 + SIGTERM). */
  terminated: 143,
} as const;

/** The exit code for a final workflow status: 0 only for `finished`. */
export function exitCodeForStatus(status: string): number {
  switch (status) {
    case "finished":
      return EXIT.ok;
    case "failed":
      return EXIT.failed;
    case "cancelled":
      return EXIT.cancelled;
    case "crashed":
      return EXIT.crashed;
    default:
      return EXIT.apiError;
  }
}

export function exitCodeForError(error: unknown): number {
  if (error instanceof OneproviderUsageError) return EXIT.usage;
  if (
    error instanceof OneproviderNetworkError ||
    error instanceof OneproviderTimeoutError ||
    error instanceof OneproviderRedirectError
  ) {
    return EXIT.network;
  }
  // Any other failure, an API error or an unexpected one, is the provider's side of the exchange.
  return EXIT.apiError;
}

/** Exit codes and what they mean for one command, in its help. */
export type ExitCodes = Readonly<Partial<Record<number, string>>>;

/** What each code means for most commands; a command's record says what its own codes mean. */
export const EXIT_MEANING = {
  0: "success",
  1: "the provider answered with an error (the Onedata error id is printed), or with a body that is not an execution",
  2: "usage: a bad option or argument, a missing host or token",
  3: "no answer: connection refused or reset, DNS, TLS certificate, timeout",
} as const;

/** The codes of a command that calls the provider. */
export const PROVIDER_EXIT_CODES: ExitCodes = { 1: EXIT_MEANING[1], 3: EXIT_MEANING[3] };

/** The codes of a command stopped by a signal (watch, logs --follow). */
export const STOP_EXIT_CODES: ExitCodes = { 130: "interrupted (Ctrl-C)", 143: "terminated (SIGTERM)" };

/** The codes of a command that follows an execution as `watch` does. */
export const WATCH_EXIT_CODES: ExitCodes = {
  ...PROVIDER_EXIT_CODES,
  0: "the execution finished",
  4: "the execution ended failed",
  5: "the execution ended cancelled",
  6: "the execution ended crashed",
  7: "the execution stopped suspended (paused or interrupted); --until ended keeps waiting",
  ...STOP_EXIT_CODES,
};

/** "Exit codes:" and a line per code, in order. */
export function describeExitCodes(codes: ExitCodes): string {
  const entries = Object.entries(codes).sort(([a], [b]) => Number(a) - Number(b));
  const width = Math.max(...entries.map(([code]) => code.length));
  const lines = entries.map(([code, meaning]) => `  ${code.padEnd(width)}  ${meaning}`);
  return ["Exit codes:", ...lines].join("\n");
}
