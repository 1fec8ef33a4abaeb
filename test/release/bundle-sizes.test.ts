import { describe, expect, test } from "vitest";
import { checkSizes, consumers, readCeilings } from "../../scripts/release/bundle-sizes.mjs";
import { repoRoot } from "../support/spec.js";

const byId = (id: string) => {
  const consumer = consumers.find((item) => item.id === id);
  if (!consumer) throw new Error(`no consumer ${id}`);
  return consumer;
};

describe("size ceilings", () => {
  test("every browser consumer has a ceiling with its reason, and the built bundles keep to them", async () => {
    const ceilings = readCeilings(repoRoot);
    for (const id of ["get-only", "get-wait-summarize", "main", "raw", "audit-log", "validate"]) {
      expect(ceilings[id]?.bytes, id).toBeGreaterThan(1000);
      expect(ceilings[id]?.why.length, id).toBeGreaterThan(20);
    }
    const results = await checkSizes({ projectRoot: repoRoot });
    expect(results.flatMap((result) => result.problems.map((problem) => `${result.id}: ${problem}`))).toEqual(
      [],
    );
  }, 30_000);

  test("a bundle over its ceiling fails, and says to raise the ceiling saying why", async () => {
    const [result] = await checkSizes({
      projectRoot: repoRoot,
      only: [byId("get-only")],
      ceilings: { "get-only": { bytes: 2000, why: "planted" } },
    });
    expect(result?.problems.join("\n")).toMatch(
      /over its ceiling of 2000 B: make it smaller, or raise the ceiling .* saying why/,
    );
  }, 30_000);

  test("a bundle that shrank well under its ceiling fails until the ceiling comes down", async () => {
    const [result] = await checkSizes({
      projectRoot: repoRoot,
      only: [byId("validate")],
      ceilings: { validate: { bytes: 50_000, why: "planted" } },
    });
    expect(result?.problems.join("\n")).toMatch(
      /well under its ceiling of 50000 B: lower the ceiling to about \d+ B/,
    );
  }, 30_000);

  test("a consumer without a ceiling fails", async () => {
    const [result] = await checkSizes({ projectRoot: repoRoot, only: [byId("raw")], ceilings: {} });
    expect(result?.problems.join("\n")).toContain("has no ceiling");
  }, 30_000);
});

describe("what must never be in a bundle", () => {
  /** The problems of `consumer`'s bundle with `code` planted in it. */
  const problemsOf = async (consumer: string, code: string) => {
    const planted = { ...byId(consumer), id: "planted", code };
    const ceilings = { planted: { bytes: 100_000, why: "planted" } };
    const [result] = await checkSizes({ projectRoot: repoRoot, only: [planted], ceilings });
    return result?.problems.join("\n") ?? "";
  };

  test("openapi-fetch or the streaming parser in the main entry", async () => {
    const problems = await problemsOf(
      "main",
      `${byId("main").code} export * from "./dist/src/raw.js"; export * from "./dist/src/audit-log.js";`,
    );
    expect(problems).toContain("must not bundle openapi-fetch");
    expect(problems).toContain("must not bundle @streamparser/json");
  }, 30_000);

  test("a node: module in a browser entry", async () => {
    const problems = await problemsOf(
      "validate",
      `export * from "./dist/src/validate.js"; export * from "./dist/src/node.js";`,
    );
    expect(problems).toMatch(/must not bundle node:, but holds node:/);
  }, 30_000);

  test("the mock outside ./mock", async () => {
    const problems = await problemsOf(
      "node",
      `export * from "./dist/src/node.js"; export * from "./dist/src/mock/index.js";`,
    );
    expect(problems).toContain("must not bundle dist/src/mock/");
  }, 30_000);
});
