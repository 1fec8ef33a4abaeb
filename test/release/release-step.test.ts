import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeApiReports } from "../../scripts/release/api-reports.mjs";
import { guard } from "../../scripts/release/semver-guard.mjs";
import { releaseVersion } from "../../scripts/release/version.mjs";
import { ReleaseProject } from "../support/release-project.js";
import { addListParameter } from "../support/spec-plants.js";
import { repoRoot } from "../support/spec.js";

const run = promisify(execFile);

describe("npm run release:version", () => {
  let project: ReleaseProject;
  beforeAll(() => {
    project = new ReleaseProject();
    project.release("1.0.0");
  });
  afterAll(() => project.remove());

  test("versions, quotes the spec diff in the CHANGELOG entry, and records the new baseline", async () => {
    project.editSpec(addListParameter({ required: false }));
    project.changeset("order", "minor", "`listWorkflowExecutions` takes `order`.");
    const { from, to, entry } = await releaseVersion(project.root);
    expect([from, to]).toEqual(["1.0.0", "1.1.0"]);
    expect(entry).toMatch(/^## 1\.1\.0\n/);
    expect(entry).toContain("`listWorkflowExecutions` takes `order`.");
    expect(entry).toContain(
      "`redocly diff` against 1.0.0: 0 major · 1 minor · 0 patch, requires a minor bump.",
    );
    expect(entry).toContain("- minor added");
    expect(readFileSync(path.join(project.root, "CHANGELOG.md"), "utf8")).toContain(entry.trim());

    const lock = JSON.parse(readFileSync(path.join(project.root, "package-lock.json"), "utf8"));
    expect([lock.version, lock.packages[""].version]).toEqual(["1.1.0", "1.1.0"]);
    expect(readFileSync(path.join(project.root, "src/client/package-version.ts"), "utf8")).toContain(
      'PACKAGE_VERSION = "1.1.0"',
    );
    const record = JSON.parse(readFileSync(path.join(project.root, "etc/released/release.json"), "utf8"));
    expect(record.version).toBe("1.1.0");
    expect(readFileSync(path.join(project.root, "etc/released/openapi.yaml"), "utf8")).toContain(
      "name: order",
    );

    // The release is the new baseline: nothing has changed since, and no changeset is pending.
    const reports = new Map(
      makeApiReports(project.root).map((report) => [`${report.name}.api.md`, report.text]),
    );
    const verdict = await guard({ projectRoot: project.root, reports });
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);
    expect([verdict.required, verdict.declared]).toEqual(["none", "none"]);
  }, 60_000);

  test("with no pending changeset there is nothing to release", async () => {
    await expect(releaseVersion(project.root)).rejects.toThrow(/no pending changesets/);
  }, 30_000);
});

test("npm run release:check rehearses the release on a copy: version, pack, install, smoke", async () => {
  const before = readFileSync(path.join(repoRoot, "package.json"), "utf8");
  const { stdout } = await run("npm", ["run", "--silent", "release:check"], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const version = JSON.parse(before).version as string;
  const pending = readdirSync(path.join(repoRoot, ".changeset")).some(
    (file) => file.endsWith(".md") && file !== "README.md",
  );
  // With nothing pending (right after a release), the next patch is rehearsed.
  expect(stdout.includes("no pending changeset: rehearsing a patch release")).toBe(!pending);
  expect(stdout).toMatch(new RegExp(`release:check: ${version.replaceAll(".", "\\.")} → \\d+\\.\\d+\\.\\d+`));
  expect(stdout).toMatch(/packed oneprovider-atm-client-\d+\.\d+\.\d+\.tgz/);
  expect(stdout).toMatch(/the library read a finished execution and \d+ audit-log entries/);
  expect(stdout).toMatch(/oneprovider-atm \d+\.\d+\.\d+ ran get --json/);
  // Nothing in the checkout changed.
  expect(readFileSync(path.join(repoRoot, "package.json"), "utf8")).toBe(before);
}, 180_000);
