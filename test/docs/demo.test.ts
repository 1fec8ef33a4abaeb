import { execFile } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/spec.js";

// The end of `npm start`, the main job, run as it runs there (after the build).
test("the demo drives a workflow through failure, audit log, retry and finish on the mock", async () => {
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(process.execPath, [path.join(repoRoot, "scripts/demo.mjs")], { timeout: 60_000 }, (error, out) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
    ),
  );
  expect(stdout).toContain("$ oneprovider-atm schedule");
  expect(stdout).toMatch(/failed \(ended\) lane 2\/3 detect-types run 1 failed/);
  expect(stdout).toContain("[Lane: 2, Run: 1] Lane run failed.");
  expect(stdout).toContain("retry: accepted for");
  expect(stdout).toMatch(/finished \(ended\) lane 3\/3 checksum run 2 finished/);
  expect(stdout).toContain("Failed, retried, finished");
  expect(code).toBe(0);
}, 60_000);
