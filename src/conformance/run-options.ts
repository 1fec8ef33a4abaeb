import type { Check } from "./check-runner.js";
import type { Exchanger } from "./exchange.js";

/** What --allow-actions schedules, and how it waits for each state. */
export interface ActionOptions {
  schemaId: string;
  revision: number;
  /** How long each wait for a state may take. */
  timeoutMs: number;
  /** Between two reads of a wait. */
  intervalMs: number;
}

/** What a run looks at, and how far it goes. */
export interface ConformanceOptions {
  spaceId: string;
  /** Details are read for this many listed executions at most (default 50). */
  maxExecutions: number;
  /** The `limit` of each list page (small, so that paging is exercised). */
  pageSize: number;
  /** System audit logs dumped at most. */
  maxDumps: number;
  /** Given only with --allow-actions: what to schedule, and how long to wait for each state. */
  actions?: ActionOptions;
}

/** What a run is given to reach the provider and to pass time. */
export interface SuiteEnvironment {
  exchange: Exchanger;
  /** Waits between polls: real time against a provider, none in a replay. */
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Told of each check as it ends, for progress. */
  onCheck?: ((check: Check) => void) | undefined;
}
