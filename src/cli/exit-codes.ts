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

export const EXIT_CODES_HELP = `Exit codes:
  0  success (watch: the execution finished)
  1  the provider answered with an error (the Onedata error id is printed), or with a body that is not an execution
  2  usage: a bad option or argument, a missing host or token
  3  no answer: connection refused or reset, DNS, TLS certificate, timeout
  4  watch: the execution ended failed
  5  watch: the execution ended cancelled
  6  watch: the execution ended crashed
  7  watch: the execution stopped suspended (paused or interrupted); --until ended keeps waiting
  130  watch, logs --follow: interrupted (Ctrl-C)
  143  watch, logs --follow: terminated (SIGTERM)`;
