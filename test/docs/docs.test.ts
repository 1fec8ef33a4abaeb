import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { repoRoot } from "../support/spec.js";

const out = mkdtempSync(path.join(tmpdir(), "atm-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test("npm run docs builds the HTTP reference (self-contained) and the TypeScript reference", async () => {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, "scripts/docs.mjs"), "--out", out], {
    cwd: repoRoot,
  });
  const http = readFileSync(path.join(out, "http-api.html"), "utf8");
  expect(http).toContain("getWorkflowExecutionDetails");
  expect(http).toContain("AtmWorkflowExecutionLaneRunDetails");
  // Renders offline: no script is loaded from anywhere else.
  expect(http).not.toMatch(/<script[^>]+src="https?:/);
  const typescript = readFileSync(path.join(out, "typescript/index.html"), "utf8");
  expect(typescript).toContain("oneprovider-atm-client");
  const client = readFileSync(
    path.join(out, "typescript/functions/index.createOneproviderClient.html"),
    "utf8",
  );
  expect(client).toContain("createOneproviderClient");
}, 60_000);
