type Callback = () => void;

/** The callbacks waiting on each signal, behind one listener of its own. */
const waiting = new WeakMap<AbortSignal, Set<Callback>>();

/**
 * Calls `callback` once when `signal` aborts; the returned function stops waiting. However many calls
 * share a caller's signal, it gets one listener: more than ten would make Node print
 * `MaxListenersExceededWarning`, as if they leaked.
 */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<Callback>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        waiting.delete(signal);
        for (const each of set) each();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
  };
}
