import { OneproviderUsageError } from "./errors.js";

/** A duration option: `undefined` when not given, a positive finite number of ms, or a usage error. */
export function checkPositiveMs(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new OneproviderUsageError(`${name} must be a positive number of milliseconds`);
  }
  return value;
}
