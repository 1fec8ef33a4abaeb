import {
  OneproviderError,
  OneproviderInvalidResponseError,
  OneproviderTimeoutError,
  OneproviderUsageError,
} from "../errors/error-classes.js";
import { onAbort } from "../transport/abort-listeners.js";
import { checkPositiveMs } from "./options.js";
import { isEnded } from "../execution/phases.js";
import { isTransient } from "../transport/retry.js";
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
  /** Called with each new state of the execution (the first one too), not on every poll nor on failures. */
  onUpdate?:
    ((execution: AtmWorkflowExecution, previous: AtmWorkflowExecution | undefined) => void) | undefined;
  /**
   * How many polls in a row may fail transiently (no answer, a timeout, 408, 429, 502, 503 or 504; not
   * a 500, which Onedata answers for what would fail again) before the
   * wait gives up with the last failure. Default 5 (about half a minute of failures at the default
   * intervals); 0 ends the wait at the first failure. The command-line tool's `watch` allows 10.
   */
  maxConsecutiveFailures?: number | undefined;
  /** Called for each transient failure the wait rides out, with the pause before the next poll. */
  onPollFailure?:
    ((error: OneproviderError, retry: { consecutiveFailures: number; delayMs: number }) => void) | undefined;
}

interface Poller {
  getWorkflowExecution(wid: string, options?: { signal?: AbortSignal }): Promise<AtmWorkflowExecution>;
}

const growth = 1.5;

/**
 * Polls an execution until `until` holds. Each poll goes through the client, whose retry policy
 * repeats a failed request at once; beyond that, the wait rides out transient failures (a provider
 * restarting while someone watches for hours) with its own backoff, up to `maxConsecutiveFailures`
 * in a row. Errors that would only happen again end it at once. Leaves no timer behind.
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
  const maxFailures = options.maxConsecutiveFailures ?? 5;
  if (!Number.isInteger(maxFailures) || maxFailures < 0)
    throw new OneproviderUsageError("maxConsecutiveFailures must be a whole number, 0 or more");
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
  const stopWaiting = callerSignal && onAbort(callerSignal, () => controller.abort(callerSignal.reason));
  const signal = controller.signal;

  try {
    let previous: AtmWorkflowExecution | undefined;
    let previousFingerprint: string | undefined;
    let interval = intervalMs;
    let failures = 0;
    let failureDelay = intervalMs;
    for (;;) {
      let execution: AtmWorkflowExecution;
      try {
        // Each poll keeps the client's own per-attempt timeout; the overall one aborts the signal.
        execution = await client.getWorkflowExecution(wid, { signal });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (
          !(error instanceof OneproviderError) ||
          !isTransient(error, true, true) ||
          failures >= maxFailures
        )
          throw error;
        failures += 1;
        const delayMs = failureDelay;
        failureDelay = Math.min(maxIntervalMs, failureDelay * growth);
        options.onPollFailure?.(error, { consecutiveFailures: failures, delayMs });
        await sleep(delayMs, signal);
        continue;
      }
      failures = 0;
      failureDelay = intervalMs;
      const fingerprint = fingerprintOf(execution, wid);
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
    stopWaiting?.();
    controller.abort();
  }
}

/**
 * Deeper than any execution a provider sends (its own shape is six levels), and shallow enough that
 * walking it never depends on the engine's stack: Node 20 overflows on JSON.stringify of a body some
 * thousands of levels deep where later lines do not, and a wait must end the same way on both.
 */
const MAX_DEPTH = 256;

/** What tells one state from the next; a body nested deeper than {@link MAX_DEPTH} is an invalid answer. */
function fingerprintOf(execution: AtmWorkflowExecution, wid: string): string {
  if (nestedDeeperThan(execution, MAX_DEPTH))
    throw new OneproviderInvalidResponseError(
      `workflow execution ${wid}: the body is nested too deeply to be an execution (more than ${MAX_DEPTH} levels)`,
      { status: 200, wid },
    );
  return JSON.stringify(execution);
}

/** Walked with a stack of its own, not by recursion, so that no depth overflows it. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
