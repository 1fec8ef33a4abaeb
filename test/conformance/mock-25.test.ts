import { afterAll, beforeAll, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { runCli } from "../support/run-cli.js";

// The conformance command against the mock as a 25.1 provider: the spec describes both lines, so a
// correct 25.1 provider holds, read-only and acting, and the report names its release.
let mock: MockOneprovider;
const outputs: string[] = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 3, release: "25.1" });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

interface JsonReport {
  provider: { version: string | null } | null;
  checks: Array<{ id: string; ok: boolean }>;
  drift: unknown[];
}

test("read-only: every check holds against 25.1, and the summary names 25.1", async () => {
  const result = await runCli(["conformance", "--space", mock.spaceId, "--json"], mock, outputs);
  const report = JSON.parse(result.stdout) as JsonReport;
  expect(report.drift).toEqual([]);
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(report.provider?.version).toBe("25.1");
  expect(result.stderr).toMatch(/^conformance: (\d+)\/\1 checks as the spec says \(25\.1\)\n$/);
  expect(result.code).toBe(0);
});

test("--allow-actions: every action's answer holds against 25.1", async () => {
  const failing = mock.schemas.find((schema) => schema.name.includes("fails"))!;
  const result = await stepPerRequest(
    mock,
    runCli(
      [
        "conformance",
        "--space",
        mock.spaceId,
        "--allow-actions",
        "--schema",
        failing.atmWorkflowSchemaId,
        "--revision",
        "1",
        "--interval",
        "20",
        "--json",
      ],
      mock,
      outputs,
    ),
  );
  const report = JSON.parse(result.stdout) as JsonReport;
  expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  expect(report.checks.some((check) => check.id === "act.retry")).toBe(true);
  expect(result.code).toBe(0);
});
