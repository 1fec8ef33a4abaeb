import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { makeApiReports, type ApiReport } from "../../scripts/release/api-reports.mjs";
import {
  compareReports,
  effectiveBump,
  guard,
  judge,
  reportsBump,
} from "../../scripts/release/semver-guard.mjs";
import { ReleaseProject } from "../support/release-project.js";
import { addListParameter, removeSuspendTime, rewordExecution } from "../support/spec-plants.js";

const asMap = (reports: ApiReport[]) =>
  new Map(reports.map((report) => [`${report.name}.api.md`, report.text]));

describe("the bump the API reports need", () => {
  const released = new Map([["index.api.md", "export function a(): void;\n\nexport const b: 1;\n"]]);

  test("nothing changed: none", () => {
    expect(compareReports(released, new Map(released))).toEqual([]);
    expect(reportsBump([])).toBe("none");
  });

  test("only added lines: minor", () => {
    const changes = compareReports(
      released,
      new Map([["index.api.md", "export function a(): void;\n\nexport const b: 1;\n\nexport const c: 2;\n"]]),
    );
    expect(changes).toEqual([{ file: "index.api.md", added: ["export const c: 2;"], removed: [] }]);
    expect(reportsBump(changes)).toBe("minor");
  });

  test("a changed line: major, naming the line before and after", () => {
    const changes = compareReports(
      released,
      new Map([["index.api.md", "export function a(x: string): void;\n\nexport const b: 1;\n"]]),
    );
    expect(changes).toEqual([
      {
        file: "index.api.md",
        added: ["export function a(x: string): void;"],
        removed: ["export function a(): void;"],
      },
    ]);
    expect(reportsBump(changes)).toBe("major");
  });

  test("a removed entry point: major; a new one: minor", () => {
    expect(reportsBump(compareReports(released, new Map()))).toBe("major");
    const grown = new Map([...released, ["extra.api.md", "export const x: 1;\n"]]);
    expect(reportsBump(compareReports(released, grown))).toBe("minor");
  });

  test("blank lines do not count", () => {
    expect(
      compareReports(
        released,
        new Map([["index.api.md", "export function a(): void;\n\n\n\nexport const b: 1;\n"]]),
      ),
    ).toEqual([]);
  });

  test("before 1.0 a major change is released as minor; from 1.0 on it stays major", () => {
    expect(effectiveBump("major", "0.4.2")).toBe("minor");
    expect(effectiveBump("major", "1.0.0")).toBe("major");
    expect(effectiveBump("minor", "0.4.2")).toBe("minor");
    expect(effectiveBump("patch", "2.1.0")).toBe("patch");
  });
});

describe("the verdict", () => {
  const base = { version: "1.2.0", baseline: "1.2.0", specIsNew: false, changesets: ["a-change"] };
  const specDiff = {
    bump: "major" as const,
    summary: { major: 1, minor: 0, patch: 0 },
    changes: [
      {
        impact: "major" as const,
        kind: "removed",
        pointer: "/paths/~1x/get",
        rules: ["operation-removed"],
        messages: ["Operation `x` was removed."],
      },
    ],
  };

  test("passes when the declared bump covers the required one", () => {
    const verdict = judge({ ...base, specDiff, reportChanges: [], declared: "major" });
    expect(verdict.ok).toBe(true);
    expect(verdict.required).toBe("major");
  });

  test("fails when the declared bump is lower, naming the spec's rule ids and the report lines", () => {
    const reportChanges = [
      { file: "index.api.md", added: ["export const y: 2;"], removed: ["export const x: 1;"] },
    ];
    const verdict = judge({ ...base, specDiff, reportChanges, declared: "minor" });
    expect(verdict.ok).toBe(false);
    const text = verdict.lines.join("\n");
    expect(text).toContain("declare minor, lower than the major");
    expect(text).toContain("operation-removed at /paths/~1x/get");
    expect(text).toContain("index.api.md (major): - export const x: 1;");
    expect(text).toContain("index.api.md (minor): + export const y: 2;");
  });

  test("fails when the spec or the API changed and no changeset says so, even for a patch", () => {
    const patch = {
      bump: "patch" as const,
      summary: { major: 0, minor: 0, patch: 1 },
      changes: [
        { impact: "patch" as const, kind: "modified", pointer: "/info/description", rules: [], messages: [] },
      ],
    };
    const verdict = judge({ ...base, changesets: [], specDiff: patch, reportChanges: [], declared: "none" });
    expect(verdict.ok).toBe(false);
    expect(verdict.lines.join("\n")).toContain("no changeset says so");
    expect(judge({ ...base, specDiff: patch, reportChanges: [], declared: "patch" }).ok).toBe(true);
  });

  test("passes with no changeset when nothing changed", () => {
    const none = { bump: "none" as const, summary: { major: 0, minor: 0, patch: 0 }, changes: [] };
    expect(judge({ ...base, changesets: [], specDiff: none, reportChanges: [], declared: "none" }).ok).toBe(
      true,
    );
  });

  test("before the first release everything is added: at least minor", () => {
    const verdict = judge({
      ...base,
      version: "0.1.0",
      specIsNew: true,
      specDiff: undefined,
      reportChanges: [],
      declared: "patch",
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.required).toBe("minor");
  });
});

// The guard as `npm run check:release` runs it: a scratch project released as 1.0.0, one change
// planted at a time, the API reports made fresh by API Extractor and the changesets read by `changeset status`.
describe("the guard on a project", () => {
  let project: ReleaseProject;
  let releasedReports: Map<string, string>;
  beforeAll(() => {
    project = new ReleaseProject();
    project.release("1.0.0");
    releasedReports = asMap(makeApiReports(project.root));
  }, 60_000);
  afterAll(() => project.remove());
  beforeEach(() => {
    // Each test starts from the release 1.0.0, in any order: its spec and declarations, no changeset.
    project.restore();
    project.release("1.0.0");
  });

  test("nothing changed: passes without a changeset", async () => {
    const verdict = await guard({ projectRoot: project.root, reports: releasedReports });
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);
    expect(verdict.required).toBe("none");
  });

  test("a removed response property needs major", async () => {
    project.editSpec(removeSuspendTime);
    project.changeset("drop-suspend-time", "minor");
    const low = await guard({ projectRoot: project.root, reports: releasedReports });
    expect(low.ok).toBe(false);
    expect(low.required).toBe("major");
    expect(low.lines.join("\n")).toContain("property-removed");
    project.changeset("drop-suspend-time", "major");
    expect((await guard({ projectRoot: project.root, reports: releasedReports })).ok).toBe(true);
  });

  test("a new optional query parameter needs minor; a patch changeset is not enough", async () => {
    project.editSpec(addListParameter({ required: false }));
    project.changeset("order", "patch");
    const low = await guard({ projectRoot: project.root, reports: releasedReports });
    expect(low.ok).toBe(false);
    expect(low.required).toBe("minor");
    project.changeset("order", "minor");
    expect((await guard({ projectRoot: project.root, reports: releasedReports })).ok).toBe(true);
  });

  test("a changed description needs a changeset, a patch one", async () => {
    project.editSpec(rewordExecution);
    const missing = await guard({ projectRoot: project.root, reports: releasedReports });
    expect(missing.ok).toBe(false);
    expect(missing.lines.join("\n")).toContain("no changeset says so");
    project.changeset("wording", "patch");
    const verdict = await guard({ projectRoot: project.root, reports: releasedReports });
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);
    expect(verdict.required).toBe("patch");
  });

  test("a removed export needs major, and the report line is named", async () => {
    project.editDeclarations("index.d.ts", (text) => text.replace(/\bisEnded, /, ""));
    project.changeset("no-is-ended", "minor");
    const verdict = await guard({ projectRoot: project.root, reports: asMap(makeApiReports(project.root)) });
    expect(verdict.ok).toBe(false);
    expect(verdict.required).toBe("major");
    expect(verdict.lines.join("\n")).toMatch(/index\.api\.md \(major\): - export function isEnded/);
  }, 30_000);

  test("a new export needs minor", async () => {
    project.editDeclarations("index.d.ts", (text) => `${text}\nexport declare const PLANTED_EXPORT = 1;\n`);
    const missing = await guard({ projectRoot: project.root, reports: asMap(makeApiReports(project.root)) });
    expect(missing.ok).toBe(false);
    expect(missing.required).toBe("minor");
    expect(missing.lines.join("\n")).toContain("index.api.md (minor): + export const PLANTED_EXPORT = 1;");
    project.changeset("planted", "minor");
    expect(
      (await guard({ projectRoot: project.root, reports: asMap(makeApiReports(project.root)) })).ok,
    ).toBe(true);
  }, 30_000);

  test("before 1.0, a removed export is released as minor", async () => {
    project.release("0.7.0");
    project.editDeclarations("index.d.ts", (text) => text.replace(/\bisEnded, /, ""));
    project.changeset("no-is-ended", "minor");
    const verdict = await guard({ projectRoot: project.root, reports: asMap(makeApiReports(project.root)) });
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);
    expect(verdict.required).toBe("minor");
  }, 30_000);
});
