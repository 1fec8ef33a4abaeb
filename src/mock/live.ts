import type { AtmWorkflowExecution, AuditLogEntry } from "../execution/types.js";
import { auditLogOf } from "./audit-log.js";
import type { MockClock } from "./clock.js";
import { endedStatuses, type Frame, type Program } from "./engine.js";

/** An execution the mock serves: its timeline on the mock's clock, which an action can rewrite. */
export interface LiveExecution {
  /** When (epoch ms on the mock's clock) the first frame begins. */
  originMs: number;
  frames: Frame[];
  program: Program;
  discarded: boolean;
  callback: string | undefined;
  cancels: Array<() => void>;
}

const stopStatuses = new Set([...endedStatuses, "paused", "interrupted"]);

/** The executions of one mock, each a timeline read at the clock's "now". */
export class LiveExecutions {
  readonly byId = new Map<string, LiveExecution>();
  /** Ends every callback still being delivered when the mock closes: a receiver that never answers
   * would otherwise keep the host process alive. */
  private readonly deliveries = new AbortController();

  constructor(private readonly clock: MockClock) {}

  now(): number {
    return this.clock.now();
  }

  add(originMs: number, frames: Frame[], program: Program, callback?: string): string {
    const wid = frames[0]!.execution.atmWorkflowExecutionId;
    const live: LiveExecution = { originMs, frames, program, discarded: false, callback, cancels: [] };
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

  /** When every execution has reached its last frame (ended or suspended), as things stand. */
  settledAt(): number {
    let latest = this.now();
    for (const live of this.byId.values()) {
      if (live.discarded) continue;
      const last = live.frames.slice(0, -1).reduce((at, frame) => at + frame.durationMs, live.originMs);
      latest = Math.max(latest, last);
    }
    return latest;
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
    this.cancelCallbacks(live);
    this.scheduleCallbacks(live, atMs);
  }

  discard(wid: string): void {
    const live = this.byId.get(wid)!;
    live.discarded = true;
    this.cancelCallbacks(live);
  }

  /** The execution's system audit log up to now, oldest first. */
  auditLog(wid: string): AuditLogEntry[] {
    const live = this.byId.get(wid)!;
    const elapsed = this.now() - live.originMs;
    return auditLogOf(live.frames, live.originMs)
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
        live.cancels.push(
          this.clock.at(start, () =>
            fetch(callback, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ atmWorkflowExecutionId, status }),
              // A receiver gets 10 s to answer, so that a manual clock's advance() ends too.
              signal: AbortSignal.any([this.deliveries.signal, AbortSignal.timeout(10_000)]),
            }).then(
              (response) => response.body?.cancel(),
              () => undefined,
            ),
          ),
        );
      }
      previous = status;
      start += frame.durationMs;
    }
  }

  private cancelCallbacks(live: LiveExecution): void {
    for (const cancel of live.cancels.splice(0)) cancel();
  }

  close(): void {
    for (const live of this.byId.values()) this.cancelCallbacks(live);
    this.deliveries.abort();
  }
}
