import type { AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import { auditLogOf } from "./audit-log.js";
import { endedStatuses, type Frame, type Program } from "./engine.js";

/** An execution the mock serves: its timeline on the simulated clock, which an action can rewrite. */
export interface LiveExecution {
  /** Simulated ms (since the mock started) at which the first frame begins. */
  originMs: number;
  frames: Frame[];
  program: Program;
  discarded: boolean;
  callback: string | undefined;
  timers: NodeJS.Timeout[];
}

const stopStatuses = new Set([...endedStatuses, "paused", "interrupted"]);

/** The executions of one mock, on a clock that runs `speed` times faster than real time. */
export class LiveExecutions {
  readonly byId = new Map<string, LiveExecution>();

  constructor(
    private readonly startedAt: number,
    private readonly speed: number,
    private readonly startSeconds: number,
  ) {}

  /** Simulated ms since the mock started. */
  now(): number {
    return (Date.now() - this.startedAt) * this.speed;
  }

  add(originMs: number, frames: Frame[], program: Program, callback?: string): string {
    const wid = frames[0]!.execution.atmWorkflowExecutionId;
    const live: LiveExecution = { originMs, frames, program, discarded: false, callback, timers: [] };
    this.byId.set(wid, live);
    this.scheduleCallbacks(live, originMs);
    return wid;
  }

  /** The execution as it is now; `undefined` for an unknown or discarded one. */
  state(wid: string): AtmWorkflowExecution | undefined {
    const live = this.byId.get(wid);
    if (!live || live.discarded) return undefined;
    let remaining = this.now() - live.originMs;
    for (const frame of live.frames) {
      if (remaining < frame.durationMs) return frame.execution;
      remaining -= frame.durationMs;
    }
    return live.frames.at(-1)!.execution;
  }

  ids(): string[] {
    return [...this.byId].filter(([, live]) => !live.discarded).map(([wid]) => wid);
  }

  /** What happened up to `atMs` stays; from there on the execution follows `next`. */
  replaceFrom(wid: string, atMs: number, next: Frame[]): void {
    const live = this.byId.get(wid)!;
    const kept: Frame[] = [];
    let start = live.originMs;
    for (const frame of live.frames) {
      if (start >= atMs) break;
      kept.push({ execution: frame.execution, durationMs: frame.durationMs });
      start += frame.durationMs;
    }
    // The last frame kept lasts until the action, whatever it was meant to last.
    const last = kept.at(-1);
    if (last) last.durationMs = atMs - (start - last.durationMs);
    live.frames = [...kept, ...next];
    for (const timer of live.timers) clearTimeout(timer);
    live.timers = [];
    this.scheduleCallbacks(live, atMs);
  }

  discard(wid: string): void {
    const live = this.byId.get(wid)!;
    live.discarded = true;
    for (const timer of live.timers) clearTimeout(timer);
  }

  /** The execution's system audit log up to now, oldest first. */
  auditLog(wid: string): AuditLogEntry[] {
    const live = this.byId.get(wid)!;
    const elapsed = this.now() - live.originMs;
    return auditLogOf(live.frames, this.startSeconds * 1000 + live.originMs)
      .filter((entry) => entry.atMs <= elapsed)
      .map(({ atMs: _atMs, ...entry }) => entry);
  }

  /** The callback of `schedule` is called on every stop (paused and interrupted too), as the server does. */
  private scheduleCallbacks(live: LiveExecution, fromMs: number): void {
    if (live.callback === undefined) return;
    const callback = live.callback;
    let start = live.originMs;
    let previous: string | undefined;
    for (const frame of live.frames) {
      const { status, atmWorkflowExecutionId } = frame.execution;
      if (start >= fromMs && status !== previous && stopStatuses.has(status)) {
        const delay = Math.max(0, (start - this.now()) / this.speed);
        const timer = setTimeout(() => {
          fetch(callback, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ atmWorkflowExecutionId, status }),
          }).then(
            (response) => response.body?.cancel(),
            () => undefined,
          );
        }, delay);
        timer.unref();
        live.timers.push(timer);
      }
      previous = status;
      start += frame.durationMs;
    }
  }

  close(): void {
    for (const live of this.byId.values()) for (const timer of live.timers) clearTimeout(timer);
  }
}
