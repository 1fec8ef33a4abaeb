import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installedClosure, npmIsolated } from "../support/local-packages.js";
import { repoRoot, spec } from "../support/spec.js";

// The package as a consumer gets it: packed, installed offline from tarballs alone (its own, and its
// dependencies' packed from this checkout's node_modules), with an empty npm cache, then used.
const exec = promisify(execFile);
let scratch: string;
let consumer: string;
const node = (args: string[]) => exec(process.execPath, args, { cwd: consumer });

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "atm-package-"));
  const cache = path.join(scratch, "npm-cache");
  const tarballs = path.join(scratch, "tarballs");
  mkdirSync(tarballs);
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  const needed = installedClosure([...Object.keys(packageJson.dependencies ?? {}), "@types/node"]);
  const { stdout } = await npmIsolated(
    ["pack", "--ignore-scripts", "--json", "--pack-destination", tarballs, repoRoot, ...needed],
    repoRoot,
    cache,
  );
  const packed = (JSON.parse(stdout) as Array<{ filename: string }>).map((entry) =>
    path.join(tarballs, entry.filename),
  );
  consumer = path.join(scratch, "consumer");
  mkdirSync(consumer);
  writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  await npmIsolated(["install", "--ignore-scripts", ...packed], consumer, cache);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed package, installed from its tarball", () => {
  test("ships what it should, and nothing of the repository's own tooling", async () => {
    const installed = path.join(consumer, "node_modules/oneprovider-atm-client");
    const packageJson = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
    expect(packageJson.openapiSpecVersion).toBe(spec.info.version);
    expect(readFileSync(path.join(installed, "openapi.yaml"), "utf8")).toContain(
      "getWorkflowExecutionDetails",
    );
    const { stdout } = await exec("find", [installed, "-type", "f"]);
    const files = stdout.split("\n").map((file) => path.relative(installed, file));
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("dist/src/index.js.map");
    expect(
      files.some(
        (file) => file.startsWith("test/") || file.startsWith("scripts/") || file.startsWith("bench/"),
      ),
    ).toBe(false);
  });

  test("its runtime dependencies are caret ranges over the lockfile's versions, which it gets", () => {
    // A range lets npm share one copy with the consumer's own; the lockfile keeps this repository exact.
    const ours = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
    const dependencies = Object.entries(ours.dependencies as Record<string, string>);
    expect(dependencies.length).toBeGreaterThan(0);
    for (const [name, range] of dependencies) {
      const locked: string = lock.packages[`node_modules/${name}`].version;
      expect(range, name).toBe(`^${locked}`);
      const installed = JSON.parse(
        readFileSync(path.join(consumer, "node_modules", name, "package.json"), "utf8"),
      );
      expect(installed.version, name).toBe(locked);
    }
  });

  test("import works, every entry, for real against the packaged mock", async () => {
    const script = `
      import { createOneproviderClient, summarizeExecution, SPEC_VERSION } from "oneprovider-atm-client";
      import { validateWorkflowExecution } from "oneprovider-atm-client/validate";
      import { createNodeFetch } from "oneprovider-atm-client/node";
      import { startMockOneprovider } from "oneprovider-atm-client/mock";
      import { rawClient } from "oneprovider-atm-client/raw";
      import { dumpAuditLog } from "oneprovider-atm-client/audit-log";
      const mock = await startMockOneprovider({ clock: "manual" });
      await mock.runToEnd();
      const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, validate: validateWorkflowExecution });
      const execution = await client.waitForWorkflowExecution(mock.executions.failed, { intervalMs: 5 });
      const raw = await rawClient(client).GET("/automation/execution/workflows/{wid}", { params: { path: { wid: mock.executions.failed } } });
      await mock.close();
      console.log(JSON.stringify({ status: summarizeExecution(execution).status, raw: raw.data.status, spec: SPEC_VERSION, nodeFetch: typeof createNodeFetch, dump: typeof dumpAuditLog }));`;
    const { stdout } = await node(["--input-type=module", "-e", script]);
    expect(JSON.parse(stdout)).toEqual({
      status: "failed",
      raw: "failed",
      spec: spec.info.version,
      nodeFetch: "function",
      dump: "function",
    });
  });

  test("require() works on Node 20.19 and later", async () => {
    const { stdout } = await node([
      "-e",
      `const atm = require("oneprovider-atm-client"); console.log(typeof atm.createOneproviderClient, atm.WORKFLOW_STATUSES.length, atm.workflowPhase("paused"))`,
    ]);
    expect(stdout.trim()).toBe("function 10 suspended");
  });

  test.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])("a strict TypeScript consumer compiles with %s resolution", async (name, options) => {
    writeFileSync(
      path.join(consumer, "consumer.mts"),
      `import { createOneproviderClient, latestRun, OneproviderApiError, type AtmWorkflowExecution, type AtmWorkflowExecutionStatus } from "oneprovider-atm-client";
import { validateWorkflowExecution } from "oneprovider-atm-client/validate";
import { createNodeFetch } from "oneprovider-atm-client/node";
import type { MockOneprovider } from "oneprovider-atm-client/mock";
import { rawClient, type RawClient } from "oneprovider-atm-client/raw";
export async function show(wid: string, mock: MockOneprovider): Promise<AtmWorkflowExecutionStatus> {
  const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, validate: validateWorkflowExecution, fetch: createNodeFetch({ insecure: true }) });
  try {
    const raw: RawClient = rawClient(client);
    void raw;
    const execution: AtmWorkflowExecution = await client.getWorkflowExecution(wid);
    const run = latestRun(execution.lanes[0]!);
    const number: number | null | undefined = run?.runNumber;
    void number;
    return execution.status;
  } catch (error) {
    if (error instanceof OneproviderApiError) return error.details?.authError?.id ?? "unknown";
    throw error;
  }
}
`,
    );
    writeFileSync(
      path.join(consumer, `tsconfig.${name}.json`),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          lib: ["es2023", "dom"],
          types: ["node"],
          skipLibCheck: false,
          ...options,
        },
        files: ["consumer.mts"],
      }),
    );
    const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    const result = await node([tsc, "-p", `tsconfig.${name}.json`]).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  });

  test("the bin runs", async () => {
    const bin = path.join(consumer, "node_modules/.bin/oneprovider-atm");
    const { stdout } = await exec(bin, ["--version"]);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
    const help = await exec(bin, ["get", "--help"]);
    expect(help.stdout).toContain("Exit codes:");
  });

  test("the installed bin holds the packaged mock to the spec: conformance finds its validators beside it", async () => {
    const bin = path.join(consumer, "node_modules/.bin/oneprovider-atm");
    const script = `
      import { startMockOneprovider } from "oneprovider-atm-client/mock";
      import { execFile } from "node:child_process";
      const mock = await startMockOneprovider({ clock: "manual" });
      await mock.runToEnd();
      const env = { PATH: process.env.PATH, ONEPROVIDER_HOST: new URL(mock.baseUrl).origin, ONEPROVIDER_API_KEY: mock.token };
      execFile(${JSON.stringify(bin)}, ["conformance", "--space", mock.spaceId, "--max-executions", "2", "--json"], { env }, async (error, stdout) => {
        await mock.close();
        const report = JSON.parse(stdout);
        console.log(JSON.stringify({ code: error?.code ?? 0, failed: report.checks.filter((check) => !check.ok).length, provider: report.provider }));
      });`;
    const { stdout } = await node(["--input-type=module", "-e", script]);
    expect(JSON.parse(stdout)).toEqual({
      code: 0,
      failed: 0,
      provider: { version: spec.info.version, build: "mock" },
    });
  });

  test("ships the command-line tool once: its bundle and the validators beside it, no modules or sources", async () => {
    const installed = path.join(consumer, "node_modules/oneprovider-atm-client");
    const { stdout } = await exec("find", [installed, "-type", "f"]);
    const files = stdout.split("\n").map((file) => path.relative(installed, file));
    expect(files.filter((file) => file.includes("response-checks"))).toEqual([
      "dist/src/cli/response-checks.cjs",
    ]);
    expect(files.filter((file) => file.includes("src/conformance/"))).toEqual([]);
    expect(files.filter((file) => file.includes("src/cli/")).sort()).toEqual([
      "dist/src/cli/oneprovider-atm.cjs",
      "dist/src/cli/response-checks.cjs",
    ]);
  });
});

test("package.json records the spec version apart from the package's own", () => {
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  expect(packageJson.openapiSpecVersion).toBe(spec.info.version);
});
