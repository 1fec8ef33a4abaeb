import { afterAll, beforeAll, expect, test } from "vitest";
import { createOneproviderClient } from "../../src/index.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { collectExecutionReport, renderExecutionReport } from "../../src/report.js";

// Against the mock, each scenario's report shows that scenario.
let mock: MockOneprovider;
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", scenarios: ["retried", "paused", "failed"] });
  await mock.runToEnd();
});
afterAll(() => mock.close());
const client = () => createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });

test("a retried execution shows its retry; the report reads the log and the provider's release", async () => {
  const collected = await collectExecutionReport(client(), mock.executions.retried);
  expect(collected.auditLog!.length).toBeGreaterThan(3);
  expect(collected.configuration?.version).toBe("21.02.8");
  const html = renderExecutionReport(collected);
  expect(html).toContain("retry of run 1");
  expect(html).toContain("release 21.02.8");
});

test("a paused execution shows a warning and no failed run; a failed one its failed run and the retry", async () => {
  const paused = renderExecutionReport(await collectExecutionReport(client(), mock.executions.paused));
  expect(paused).toContain('<span class="s suspended">⏸ paused</span>');
  expect(paused).toContain("No lane run failed or crashed.");
  expect(paused).toMatch(/The first warning of the audit log/);
  const failed = renderExecutionReport(await collectExecutionReport(client(), mock.executions.failed));
  expect(failed).toMatch(/<li>Lane 2, run 1: <span class="s failed">✗ failed<\/span><\/li>/);
  expect(failed).toContain(`oneprovider-atm retry ${mock.executions.failed} --lane 2 --run 1`);
});

test("without the log when asked", async () => {
  const collected = await collectExecutionReport(client(), mock.executions.failed, { auditLog: false });
  expect(collected.auditLog).toBeUndefined();
  expect(renderExecutionReport(collected)).toContain("The audit log was not read.");
});
