import { OneproviderTimeoutError, OneproviderUsageError } from "../errors/error-classes.js";
import { checkPositiveMs } from "./options.js";
import { isEnded } from "../execution/phases.js";
import { sleep } from "../transport/sleep.js";
import type { AtmWorkflowExecution } from "../execution/types.js";

export interface WaitOptions {
  /**
   * When to stop waiting; default: the execution is ended. Ended is not final: a `failed` execution
   * can be force-continued and any ended one but `crashed` retried or rerun, so the answer is only
   * true at the moment it was read.
   */
  until?: ((execution: AtmWorkflowExecution) => boolean) | undefined;
  /** The first interval between polls, and the one used again after every change. Default 2 000 ms. */
  intervalMs?: number | undefined;
  /** The interval grows by half at each poll without change, up to this. Default 30 000 ms. */
  maxIntervalMs?: number | undefined;
  /** Gives up with OneproviderTimeoutError after this long. Default: no limit. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called with each new state of the execution (the first one too), not on every poll. */
  onUpdate?:
    ((execution: AtmWorkflowExecution, previous: AtmWorkflowExecution | undefined) => void) | undefined;
}

interface Poller {
  getWorkflowExecution(wid: string, options?: { signal?: AbortSignal }): Promise<AtmWorkflowExecution>;
}

const growth = 1.5;

/**
 * Polls an execution until `until` holds. Each poll goes through the client, so transient failures are
 * retried by its retry policy; a failure that remains ends the wait with that error, and 401, 403 and
 * 404 end it at once. Leaves no timer behind, whichever way it ends.
 */
export async function waitForWorkflowExecution(
  client: Poller,
  wid: string,
  options: WaitOptions = {},
): Promise<AtmWorkflowExecution> {
  const until = options.until ?? isEnded;
  if (typeof until !== "function") throw new OneproviderUsageError("until must be a function");
  const intervalMs = checkPositiveMs(options.intervalMs, "intervalMs") ?? 2_000;
  const maxIntervalMs = Math.max(
    intervalMs,
    checkPositiveMs(options.maxIntervalMs, "maxIntervalMs") ?? 30_000,
  );
  const timeoutMs = checkPositiveMs(options.timeoutMs, "timeoutMs");
  const callerSignal = options.signal;
  callerSignal?.throwIfAborted();

  // One controller ends everything: the caller's abort, the overall timeout, or the wait's own end.
  const controller = new AbortController();
  const timedOut = new OneproviderTimeoutError(
    `waiting for workflow execution "${wid}" timed out after ${timeoutMs} ms`,
    {
      timeoutMs: timeoutMs ?? 0,
      wid,
    },
  );
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(timedOut), timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const signal = controller.signal;

  try {
    let previous: AtmWorkflowExecution | undefined;
    let previousFingerprint: string | undefined;
    let interval = intervalMs;
    for (;;) {
      let execution: AtmWorkflowExecution;
      try {
        // Each poll keeps the client's own per-attempt timeout; the overall one aborts the signal.
        execution = await client.getWorkflowExecution(wid, { signal });
      } catch (error) {
        // 401, 403 and 404 are never retried by the client, so they end the wait at once.
        throw signal.aborted ? signal.reason : error;
      }
      const fingerprint = JSON.stringify(execution);
      if (fingerprint !== previousFingerprint) {
        options.onUpdate?.(execution, previous);
        previous = execution;
        previousFingerprint = fingerprint;
        interval = intervalMs;
      } else {
        interval = Math.min(maxIntervalMs, interval * growth);
      }
      if (until(execution)) return execution;
      await sleep(interval, signal);
    }
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
    controller.abort();
  }
}
