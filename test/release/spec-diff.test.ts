import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { diffSpecs, parseDiffReport, skippedRules } from "../../scripts/release/spec-diff.mjs";
import { ReleaseProject } from "../support/release-project.js";
import { addListParameter, removeSuspendTime, rewordExecution } from "../support/spec-plants.js";
import { repoRoot } from "../support/spec.js";

// `redocly diff` is marked experimental: these tests pin the part of its JSON report the guard reads,
// by planting one change at a time in a copy of openapi.yaml and reading the verdict.
let project: ReleaseProject;
beforeAll(() => {
  project = new ReleaseProject();
  project.release("1.0.0");
});
afterAll(() => project.remove());

const released = () => path.join(project.root, "etc/released/openapi.yaml");
const current = () => path.join(project.root, "openapi.yaml");

async function diffAfter(edit: Parameters<ReleaseProject["editSpec"]>[0]) {
  const before = (await import("node:fs")).readFileSync(current(), "utf8");
  project.editSpec(edit);
  try {
    return await diffSpecs(released(), current(), { projectRoot: project.root });
  } finally {
    (await import("node:fs")).writeFileSync(current(), before);
  }
}

describe("redocly diff, as the guard reads it", () => {
  test("the same spec: no change, no bump", async () => {
    const diff = await diffSpecs(released(), current(), { projectRoot: project.root });
    expect(diff).toEqual({ bump: "none", summary: { major: 0, minor: 0, patch: 0 }, changes: [] });
  });

  test("rates with Redocly's recommended diff rules, not the lint configuration's (which has none)", () => {
    expect(readFileSync(path.join(repoRoot, "etc/redocly-diff.yaml"), "utf8")).toMatch(
      /extends:\s+- diff-recommended/,
    );
  });

  test("a removed response property is major, by property-removed and required-properties-removed", async () => {
    const diff = await diffAfter(removeSuspendTime);
    expect(diff.bump).toBe("major");
    const rules = diff.changes.flatMap((change) => change.rules);
    expect(rules).toContain("property-removed");
    expect(rules).toContain("required-properties-removed");
    const removed = diff.changes.find((change) => change.rules.includes("property-removed"));
    expect(removed?.pointer).toMatch(/\/properties\/suspendTime$/);
    expect(removed?.messages.join(" ")).toContain("suspendTime");
  });

  test("a new optional query parameter is minor", async () => {
    const diff = await diffAfter(addListParameter({ required: false }));
    expect(diff.bump).toBe("minor");
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ impact: "minor", kind: "added" });
  });

  test("a new required query parameter is major, by parameter-became-required", async () => {
    const diff = await diffAfter(addListParameter({ required: true }));
    expect(diff.bump).toBe("major");
    expect(diff.changes.flatMap((change) => change.rules)).toContain("parameter-became-required");
  });

  test("a changed description is a patch", async () => {
    const diff = await diffAfter(rewordExecution);
    expect(diff.bump).toBe("patch");
    expect(diff.changes[0]).toMatchObject({ impact: "patch", kind: "modified" });
    expect(diff.changes[0]?.pointer).toMatch(/description$/);
  });

  test("a status added to an open enum is not major: enum-values-added is skipped, with its reason", async () => {
    expect(skippedRules(repoRoot)).toContain("enum-values-added");
    const diff = await diffAfter((document) => {
      const status = ["components", "schemas", "AtmWorkflowExecutionStatus"];
      (document.getIn([...status, "enum"]) as { add(value: unknown): void }).add("archived");
      (document.getIn([...status, "x-phases", "ended"]) as { add(value: unknown): void }).add("archived");
    });
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(diff.bump).toBe("patch");
    expect(diff.changes.flatMap((change) => change.rules)).not.toContain("enum-values-added");
  });
});

describe("a report of another shape", () => {
  const report = {
    reportVersion: "1",
    bump: "minor",
    summary: { major: 0, minor: 1, patch: 0 },
    changes: [{ path: "#/paths/~1x/get", kind: "added", impact: "minor", verdicts: [] }],
  };

  test("is read when it has the fields the guard needs", () => {
    expect(parseDiffReport(report)).toEqual({
      bump: "minor",
      summary: { major: 0, minor: 1, patch: 0 },
      changes: [{ impact: "minor", kind: "added", pointer: "/paths/~1x/get", rules: [], messages: [] }],
    });
  });

  test.each([
    ["another report version", { ...report, reportVersion: "2" }],
    ["no bump", { ...report, bump: undefined }],
    ["no changes", { ...report, changes: undefined }],
    ["a change without impact", { ...report, changes: [{ path: "#/x", kind: "added" }] }],
  ])("is an error, never a quiet 'no change': %s", (_name, changed) => {
    expect(() => parseDiffReport(changed)).toThrow(/changed shape/);
  });
});
