// @ts-check
/** Side-by-side timing helpers shared by the benchmarks: interleaved rounds, medians, ratios. */
import { spawn, spawnSync } from "node:child_process";

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const lower = sorted[Math.ceil(sorted.length / 2) - 1] ?? NaN;
  return (upper + lower) / 2;
}

/**
 * Runs a command to completion and returns its wall time in milliseconds; a failing command aborts
 * the benchmark, since its time would mean nothing.
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [options]
 */
export function timeCommand(command, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], ...options });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.status}: ${String(result.stderr).slice(-500)}`,
    );
  }
  return elapsed;
}

/**
 * Calls each contender once per round, in an order that alternates between rounds so that neither
 * side always runs on a warmer machine, and returns every contender's times.
 * @template {string} K
 * @param {number} rounds
 * @param {Record<K, () => number | Promise<number>>} contenders each returns the time it measured
 * @returns {Promise<Record<K, number[]>>}
 */
export async function interleave(rounds, contenders) {
  const names = /** @type {K[]} */ (Object.keys(contenders));
  const times = /** @type {Record<K, number[]>} */ (
    /** @type {unknown} */ (Object.fromEntries(names.map((name) => [name, []])))
  );
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) times[name].push(await contenders[name]());
  }
  return times;
}

/** @param {number} ms */
export const formatMs = (ms) => `${ms.toFixed(1)} ms`;

/**
 * Runs `node args…` as a fresh process with `env`, without blocking this one (which may be serving
 * it), and resolves with its wall time in milliseconds; a failing run rejects.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
export function timeNodeProcess(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "inherit"] });
    child.once("exit", (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${args.join(" ")} exited ${code}`)),
    );
  });
}
