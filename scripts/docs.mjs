#!/usr/bin/env node
// @ts-check
/**
 * Builds the two API references into one folder (default docs/reference, or --out DIR): the HTTP API
 * from openapi.yaml with Redoc, as one self-contained page that renders offline, and the TypeScript
 * API with TypeDoc. Both come from the sources; neither is committed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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
    // Redoc would otherwise send telemetry from every reader's browser.
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
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
// Opened from disk, the page asks the network for nothing: Redoc's logo, which it takes from its CDN,
// becomes an empty image, and a policy in the page forbids every request all the same; its own
// inline script, styles and search workers run.
const httpPage = path.join(out, "http-api.html");
const offline =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data:; font-src data:";
writeFileSync(
  httpPage,
  readFileSync(httpPage, "utf8")
    .replaceAll(
      /https:\/\/cdn\.redoc\.ly\/redoc\/[\w-]+\.svg/g,
      "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E",
    )
    .replace(/<head>/i, `<head><meta http-equiv="Content-Security-Policy" content="${offline}">`),
);
run(bin("typedoc"), ["--options", "typedoc.json", "--out", path.join(out, "typescript")]);
process.stdout.write(
  `docs: ${path.relative(root, out) || out}/http-api.html and ${path.relative(root, out) || out}/typescript/index.html\n`,
);
