#!/usr/bin/env node
// @ts-check
/**
 * Builds the two API references into one folder (default docs/reference, or --out DIR): the HTTP API
 * from openapi.yaml with Redoc, as one self-contained page that renders offline, and the TypeScript
 * API with TypeDoc. Both come from the sources; neither is committed.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = path.resolve(values.out ?? path.join(root, "docs/reference"));
const bin = (/** @type {string} */ name) => path.join(root, "node_modules/.bin", name);

/** @param {string} command @param {string[]} args */
function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ["ignore", "inherit", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    process.stderr.write(`docs: ${path.basename(command)} failed (exit ${result.status})\n`);
    process.exit(1);
  }
}

run(bin("redocly"), [
  "build-docs",
  "openapi.yaml",
  "--inlineBundle",
  "--output",
  path.join(out, "http-api.html"),
]);
run(bin("typedoc"), ["--options", "typedoc.json", "--out", path.join(out, "typescript")]);
process.stdout.write(
  `docs: ${path.relative(root, out) || out}/http-api.html and ${path.relative(root, out) || out}/typescript/index.html\n`,
);
