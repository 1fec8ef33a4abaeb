type Callback = () => void;

/** The callbacks waiting on each signal, behind one listener of its own. */
const waiting = new WeakMap<AbortSignal, { callbacks: Set<Callback>; listener: () => void }>();

/**
 * Calls `callback` once when `signal` aborts (at once if it has); the returned function stops waiting. However many calls
 * share a caller's signal, it gets one listener: more than ten would make Node print
 * `MaxListenersExceededWarning`, as if they leaked. When the last call waiting on it stops, the
 * listener is removed, as native `fetch` leaves none on a long-lived signal.
 */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let entry = waiting.get(signal);
  if (!entry) {
    const callbacks = new Set<Callback>();
    const listener = () => {
      waiting.delete(signal);
      for (const each of callbacks) each();
    };
    entry = { callbacks, listener };
    waiting.set(signal, entry);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = entry;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    // The last one: no listener is left on the caller's signal.
    // Another entry can stand there only for a signal already aborted, whose listeners never run again.
    // Stryker disable next-line ConditionalExpression: dropping that entry too changes nothing observable
    if (waiting.get(signal)?.callbacks === callbacks) waiting.delete(signal);
    signal.removeEventListener("abort", listener);
  };
}
