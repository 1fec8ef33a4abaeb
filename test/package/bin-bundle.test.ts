import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/spec.js";

// The bin is one file (built by scripts/bundle-cli.mjs), so that a run loads one module, not a dozen;
// the conformance command's validators alone sit beside it, loaded only by that command.
test("the bin is a single file that imports nothing but Node's own modules and the conformance validators", () => {
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  const bin = readFileSync(path.join(repoRoot, packageJson.bin["oneprovider-atm"]), "utf8");
  expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
  // CommonJS: every module it loads is a require() or an import(); "from" is only ever text in it (a
  // message such as 'status transition from "paused"').
  const specifiers = [...bin.matchAll(/(?:\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map(
    (match) => match[1],
  );
  expect(specifiers.length).toBeGreaterThan(0);
  expect(specifiers.filter((specifier) => !specifier!.startsWith("node:"))).toEqual([
    "./response-checks.cjs",
  ]);
  const checks = readFileSync(
    path.join(repoRoot, path.dirname(packageJson.bin["oneprovider-atm"]), "response-checks.cjs"),
    "utf8",
  );
  expect([...checks.matchAll(/\brequire\s*\(/g)]).toEqual([]);
});
