import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../support/spec.js";

const run = promisify(execFile);

/** Runs the pipeline in `cwd`; resolves with its exit code and output instead of throwing. */
async function generate(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(cwd, "scripts/generate.mjs"), ...args],
      {
        cwd,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

describe("the committed generated/ folder", () => {
  test("is exactly what the pipeline produces from openapi.yaml", async () => {
    const result = await generate(repoRoot, "--check");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  test("starts every file with a do-not-edit header naming the spec version", async () => {
    const { spec } = await import("../support/spec.js");
    const files = await readdir(path.join(repoRoot, "generated"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, "generated", file), "utf8");
      expect(text.slice(0, 200)).toContain("Do not edit");
      expect(text.slice(0, 200)).toContain(`spec version ${spec.info.version}`);
    }
  });
});

describe("the pipeline in a scratch copy of the project", () => {
  let dir: string;
  const generatedFile = () => path.join(dir, "generated/openapi.ts");

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "atm-pipeline-"));
    for (const entry of ["scripts", "generated", "openapi.yaml", "redocly.yaml", ".prettierrc.json"]) {
      await cp(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
    }
    await symlink(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("--check names a file that was edited by hand, and writes nothing", async () => {
    const original = await readFile(generatedFile(), "utf8");
    await writeFile(generatedFile(), original + "\n// edited\n");
    const result = await generate(dir, "--check");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("stale: generated/openapi.ts");
    expect(await readFile(generatedFile(), "utf8")).toBe(original + "\n// edited\n");
    await writeFile(generatedFile(), original);
  });

  test("--check names a missing file", async () => {
    const enumFile = path.join(dir, "generated/enum-values.ts");
    const original = await readFile(enumFile, "utf8");
    await rm(enumFile);
    const result = await generate(dir, "--check");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("generated/enum-values.ts");
    await writeFile(enumFile, original);
  });

  test("a spec that does not lint stops the pipeline, names rule and place, and leaves generated/ untouched", async () => {
    const specPath = path.join(dir, "openapi.yaml");
    const original = await readFile(specPath, "utf8");
    const before = await readFile(generatedFile(), "utf8");
    // An example that repeats the public page's bug: parallelBoxes as an object.
    await writeFile(specPath, original.replace("parallelBoxes: []", "parallelBoxes: {}"));
    const result = await generate(dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no-invalid-media-type-examples");
    expect(result.stderr).toMatch(/openapi\.yaml:\d+:\d+/);
    expect(result.stderr).toContain("parallelBoxes");
    expect(await readFile(generatedFile(), "utf8")).toBe(before);
    await writeFile(specPath, original);
  });

  test("a spec that is not YAML is reported as a problem, with its line, and changes nothing", async () => {
    const specPath = path.join(dir, "openapi.yaml");
    const original = await readFile(specPath, "utf8");
    const before = await readFile(generatedFile(), "utf8");
    await writeFile(specPath, original.replace("openapi: 3.1.0", "openapi: 3.1.0\n  broken: [indentation"));
    const result = await generate(dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^generate: openapi.yaml does not lint/);
    expect(result.stderr).toMatch(/error yaml at openapi\.yaml: .*\(\d+:\d+\)/);
    expect(result.stderr).not.toContain("    at ");
    expect(await readFile(generatedFile(), "utf8")).toBe(before);
    await writeFile(specPath, original);
  });

  test("a spec change flows into generated/ and --check is then satisfied", async () => {
    const specPath = path.join(dir, "openapi.yaml");
    const original = await readFile(specPath, "utf8");
    await writeFile(
      specPath,
      original.replace(
        "        - regular\n        - rerun\n        - retry\n",
        "        - regular\n        - rerun\n        - retry\n        - replay\n",
      ),
    );
    expect((await generate(dir, "--check")).code).not.toBe(0);
    const written = await generate(dir);
    expect(written.code).toBe(0);
    expect(await readFile(path.join(dir, "generated/enum-values.ts"), "utf8")).toContain('"replay"');
    expect(await readFile(generatedFile(), "utf8")).toContain('"replay"');
    expect((await generate(dir, "--check")).code).toBe(0);
    await writeFile(specPath, original);
  });
});
