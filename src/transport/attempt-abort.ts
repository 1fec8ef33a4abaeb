/** What an engine needs to know of an attempt's end: whether it was aborted, why, and a way to hear it. */
export interface AttemptAbort {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `callback` once on abort (at once if already aborted); the returned function stops that. */
  onAbort(callback: () => void): () => void;
  /** The same as an AbortSignal, made on first use: `fetch` needs one, `node:http` does not. */
  readonly signal: AbortSignal;
}

/**
 * An attempt's abort, ended by its timer or the caller. Every request has one; the AbortSignal is made
 * only for an engine that reads `signal` (fetch does, node:http does not).
 */
export class AttemptAbortController implements AttemptAbort {
  aborted = false;
  reason: unknown = undefined;
  private callbacks: Set<() => void> | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  abort(reason: unknown = new DOMException("This operation was aborted", "AbortError")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    const callbacks = this.callbacks;
    this.callbacks = undefined;
    if (callbacks) for (const callback of callbacks) callback();
  }

  onAbort(callback: () => void): () => void {
    if (this.aborted) {
      callback();
      return noop;
    }
    const callbacks = (this.callbacks ??= new Set());
    callbacks.add(callback);
    return () => void callbacks.delete(callback);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}

const noop = () => undefined;

/** An AttemptAbort over a caller's AbortSignal, for an engine used as a `fetch` (createNodeFetch). */
export function abortOfSignal(signal: AbortSignal): AttemptAbort {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason(): unknown {
      return signal.reason as unknown;
    },
    onAbort(callback) {
      if (signal.aborted) {
        callback();
        return noop;
      }
      signal.addEventListener("abort", callback, { once: true });
      return () => signal.removeEventListener("abort", callback);
    },
    signal,
  };
}
