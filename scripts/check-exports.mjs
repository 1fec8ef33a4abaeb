#!/usr/bin/env node
// @ts-check
/**
 * `attw --pack . --profile esm-only`, told in one line when it passes. The package is ESM-only, so
 * node10 and require() resolutions are ignored by that profile, yet attw prints a table cell for each
 * of them (about sixty lines that are not warnings). Any problem that counts prints attw's whole
 * table and fails.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const attw = (/** @type {string[]} */ ...format) =>
  spawnSync("npx", ["--no-install", "attw", "--pack", ".", "--profile", "esm-only", ...format], {
    cwd: root,
    encoding: "utf8",
  });

const checked = attw("--format", "json");
/** @type {{ analysis?: { entrypoints: Record<string, unknown> }, problems?: Record<string, Array<{ resolutionKind?: string }>> }} */
let report = {};
try {
  report = JSON.parse(checked.stdout);
} catch {
  // Not a report: attw itself failed, and says why below.
}
if (checked.status !== 0 || !report.analysis) {
  const shown = attw();
  process.stdout.write(shown.stdout);
  process.stderr.write(shown.stderr || checked.stderr);
  process.exit(checked.status || 1);
}
const ignored = Object.values(report.problems ?? {}).flat().length;
const entrypoints = Object.keys(report.analysis.entrypoints).length;
process.stdout.write(
  `attw: ${entrypoints} entry points resolve, with their types, under node16 (ESM) and bundlers` +
    ` (${ignored} node10 and require() resolutions ignored: the package is ESM-only)\n`,
);
