import { onAbort } from "./abort-listeners.js";

/** Waits `ms`; rejects with the signal's reason as soon as it aborts, and leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stopWaiting = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
    const timer = setTimeout(() => {
      stopWaiting?.();
      resolve();
    }, ms);
  });
}
