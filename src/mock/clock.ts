/**
 * The mock's time, in epoch milliseconds. In real time it is the wall clock; a manual clock moves only
 * when a test tells it to, so a test never waits on the wall clock for the mock to move.
 */
export interface MockClock {
  now(): number;
  /** Runs `task` once the clock reaches `atMs` (at once when it already has); the result cancels it. */
  at(atMs: number, task: () => Promise<unknown> | void): () => void;
}

export function realClock(): MockClock {
  return {
    now: () => Date.now(),
    at(atMs, task) {
      const timer = setTimeout(() => void task(), Math.max(0, atMs - Date.now()));
      // A pending callback never keeps the process alive on its own.
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

interface Due {
  atMs: number;
  order: number;
  task: () => Promise<unknown> | void;
}

export interface ManualClock extends MockClock {
  /** Moves time forward to `targetMs`, running every task due by then in time order, and waits for them. */
  advanceTo(targetMs: number): Promise<void>;
}

export function manualClock(startMs: number): ManualClock {
  let current = startMs;
  let order = 0;
  const queue: Due[] = [];
  return {
    now: () => current,
    at(atMs, task) {
      const due: Due = { atMs, order: order++, task };
      queue.push(due);
      return () => {
        const index = queue.indexOf(due);
        if (index >= 0) queue.splice(index, 1);
      };
    },
    async advanceTo(targetMs) {
      const running: Array<Promise<unknown>> = [];
      for (;;) {
        const next = queue
          .filter((due) => due.atMs <= targetMs)
          .sort((a, b) => a.atMs - b.atMs || a.order - b.order)[0];
        if (!next) break;
        queue.splice(queue.indexOf(next), 1);
        current = Math.max(current, next.atMs);
        running.push(Promise.resolve(next.task()));
      }
      current = Math.max(current, targetMs);
      await Promise.all(running);
    },
  };
}
