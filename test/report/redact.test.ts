import { describe, expect, test } from "vitest";
import type { AtmWorkflowExecution, AuditLogEntry } from "../../src/execution/types.js";
import { redactReport, renderExecutionReport } from "../../src/report.js";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";

const now = Date.UTC(2026, 11, 8, 12, 0, 0);
const execution = makeExecution({
  lanes: [makeLane([makeLaneRun({ status: "failed" })]), makeLane([])],
}) as unknown as AtmWorkflowExecution;
/** Every id the execution holds, by the same rules a reader would use: keys ending in Id, the registries. */
function idsOf(value: unknown, key?: string): string[] {
  if (typeof value === "string") return key !== undefined && /Id$/.test(key) ? [value] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([name, inner]) => [
    ...(key !== undefined && /Registry$/.test(key)
      ? [...(key === "storeRegistry" ? [] : [name]), ...(typeof inner === "string" ? [inner] : [])]
      : []),
    ...idsOf(inner, name),
  ]);
}
const storeId = execution.lanes[0]!.runs[0]!.iteratedStoreId!;
const auditLog: AuditLogEntry[] = [
  { index: "0", timestamp: now, severity: "info", content: { description: `Reading store ${storeId}.` } },
  {
    index: "1",
    timestamp: now,
    severity: "error",
    source: "user",
    content: { secret: "patient 42" },
  } as AuditLogEntry,
];
const configuration = {
  domain: "provider.lab.example.org",
  onezoneDomain: "zone.lab.example.org",
  providerId: "prov-77",
  version: "21.02.8",
};

describe("--redact", () => {
  test("leaves no original id, host name or user log text anywhere in the file, embedded data included", () => {
    const { input, mapping } = redactReport({ execution, auditLog, configuration, now });
    const html = renderExecutionReport(input);
    const originals = [
      ...idsOf(execution),
      "provider.lab.example.org",
      "zone.lab.example.org",
      "prov-77",
      "patient 42",
    ];
    expect(originals.length).toBeGreaterThan(10);
    for (const original of originals) expect(html, original).not.toContain(original);
    for (const original of originals.slice(0, -1)) expect(mapping.has(original), original).toBe(true);
    expect(html).toContain(`Reading store ${mapping.get(storeId)}.`);
    expect(html).toContain("user-log-1");
  });

  test("the same original gets the same pseudonym everywhere, and the same input the same file", () => {
    const once = redactReport({ execution, auditLog, configuration, now });
    const twice = redactReport({ execution, auditLog, configuration, now });
    expect(renderExecutionReport(once.input)).toBe(renderExecutionReport(twice.input));
    const wid = once.mapping.get(execution.atmWorkflowExecutionId)!;
    expect(once.input.execution.atmWorkflowExecutionId).toBe(wid);
    expect(once.input.execution.atmWorkflowSchemaSnapshotId).toBe(
      once.mapping.get(execution.atmWorkflowSchemaSnapshotId),
    );
    // What is not an id stays: statuses, times, names of stores.
    expect(once.input.execution.status).toBe(execution.status);
    expect(Object.keys(once.input.execution.storeRegistry)).toEqual(Object.keys(execution.storeRegistry));
  });
});
