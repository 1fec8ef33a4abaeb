#!/usr/bin/env node
// @ts-check
/**
 * `vitest` with the same arguments, less one notice: with type tests enabled, vitest says on every run
 * that testing types is an experimental feature, which asks nothing of the person reading it, and it
 * has no setting to stop saying so. Its standard error passes through here line by line, that notice's
 * two lines left out; everything else, and the exit code, are vitest's own.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const notice = new Set([
  "Testing types with tsc and vue-tsc is an experimental feature.",
  "Breaking changes might not follow SemVer, please pin Vitest's version when using it.",
]);
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));

const child = spawn(process.execPath, [vitest, ...process.argv.slice(2)], {
  stdio: ["inherit", "inherit", "pipe"],
});
createInterface({ input: child.stderr }).on("line", (line) => {
  if (!notice.has(stripVTControlCharacters(line).trim())) process.stderr.write(`${line}\n`);
});
// Ctrl-C reaches vitest too (the terminal signals the whole group): this process waits for it to end.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code) => {
  process.exitCode = code ?? 1;
});
