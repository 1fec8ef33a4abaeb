import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import {
  entryPoints,
  makeApiReports,
  readReports,
  staleReports,
} from "../../scripts/release/api-reports.mjs";
import { ReleaseProject } from "../support/release-project.js";
import { repoRoot } from "../support/spec.js";

const run = promisify(execFile);

describe("the API reports", () => {
  test("one per entry point in package.json's exports", () => {
    const names = entryPoints(repoRoot).map((entry) => entry.subpath);
    expect(names).toEqual([".", "./raw", "./audit-log", "./validate", "./node", "./report", "./mock"]);
    expect([...readReports(path.join(repoRoot, "etc/api")).keys()].sort()).toEqual(
      ["audit-log", "index", "mock", "node", "raw", "report", "validate"].map((name) => `${name}.api.md`),
    );
  });

  test("the checked-in reports are what the built tree gives", () => {
    expect(staleReports(makeApiReports(repoRoot), readReports(path.join(repoRoot, "etc/api")))).toEqual([]);
  }, 30_000);

  test("a subpath entry lets its users import by name every type its own signatures name", () => {
    const raw = readFileSync(path.join(repoRoot, "etc/api/raw.api.md"), "utf8");
    expect(raw).toContain("export interface OneproviderClient");
    const auditLog = readFileSync(path.join(repoRoot, "etc/api/audit-log.api.md"), "utf8");
    expect(auditLog).toMatch(/export (interface|type) CallOptions/);
    expect(auditLog).toContain("export interface OneproviderClient");
  });
});

describe("on a planted change", () => {
  let project: ReleaseProject;
  // Each test plants its own change in the declarations as built, in any order.
  const files = ["dist/src/index.d.ts", "etc/api/index.api.md"];
  let originals: string[];
  beforeAll(() => {
    project = new ReleaseProject();
    originals = files.map((file) => readFileSync(path.join(project.root, file), "utf8"));
  });
  beforeEach(() =>
    files.forEach((file, index) => writeFileSync(path.join(project.root, file), originals[index]!)),
  );
  afterAll(() => project.remove());

  const script = (...args: string[]) =>
    run(process.execPath, ["scripts/release/api-reports.mjs", ...args], { cwd: project.root }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  test("a stale report fails the check, which prints the difference and what to do", async () => {
    project.editDeclarations("index.d.ts", (text) => `${text}\nexport declare const PLANTED_EXPORT = 1;\n`);
    const check = await script();
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("etc/api/index.api.md");
    expect(check.stderr).toContain("+export const PLANTED_EXPORT = 1;");
    expect(check.stderr).toContain("npm run api:update");
  }, 30_000);

  test("npm run api:update writes what the check then agrees with", async () => {
    project.editDeclarations("index.d.ts", (text) => `${text}\nexport declare const PLANTED_EXPORT = 1;\n`);
    expect((await script("--update")).code).toBe(0);
    expect(readFileSync(path.join(project.root, "etc/api/index.api.md"), "utf8")).toContain("PLANTED_EXPORT");
    const check = await script();
    expect(check.stdout).toContain("7 entry points match");
    expect(check.code).toBe(0);
  }, 30_000);

  test("a type that an export uses but nobody can import by name is an error naming it", () => {
    project.editDeclarations(
      "index.d.ts",
      (text) => `${text}\ninterface Hidden { x: 1 }\nexport declare function planted(): Hidden;\n`,
    );
    expect(() => makeApiReports(project.root)).toThrow(/ae-forgotten-export .*The symbol "Hidden"/);
  }, 30_000);
});
