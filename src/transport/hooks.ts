import type { OneproviderError } from "../errors/error-classes.js";

/** An attempt is about to be sent. `attempt` counts from 1. */
export interface RequestEvent {
  /** The spec's id of the operation (`getWorkflowExecutionDetails`, `listWorkflowExecutions`, …). */
  operationId: string;
  method: string;
  url: string;
  attempt: number;
}
/** An attempt got an HTTP answer (any status), after `durationMs`. */
export interface ResponseEvent extends RequestEvent {
  status: number;
  durationMs: number;
}
/** An attempt failed in a way worth repeating; the next one starts after `delayMs`. */
export interface RetryEvent extends RequestEvent {
  delayMs: number;
  /** The status that is repeated (429, 502, 503, 504), or the error of an attempt with no answer. */
  reason: { status: number } | { error: OneproviderError };
}
/**
 * An attempt ended without an answer: network failure, timeout, refused redirect, or the caller's
 * abort. (Not named `ErrorEvent`, which would shadow the DOM's global of that name.)
 */
export interface AttemptErrorEvent extends RequestEvent {
  error: unknown;
  durationMs: number;
}

/**
 * Observers of every attempt, for logs, metrics and traces. They never change a call's outcome: what
 * they throw or reject is ignored. No event carries the token or a header that holds it.
 */
export interface Hooks {
  onRequest?: ((event: RequestEvent) => unknown) | undefined;
  onResponse?: ((event: ResponseEvent) => unknown) | undefined;
  onRetry?: ((event: RetryEvent) => unknown) | undefined;
  onError?: ((event: AttemptErrorEvent) => unknown) | undefined;
}

/** Calls an observer, if there is one, so that nothing it does reaches the call. */
export function notify<E>(hook: ((event: E) => unknown) | undefined, event: E): void {
  // Stryker disable next-line ConditionalExpression: calling a missing observer throws, and is ignored below
  if (!hook) return;
  try {
    Promise.resolve(hook(event)).catch(() => undefined);
  } catch {
    // An observer that throws is ignored, like one that rejects.
  }
}
