import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { liveExchanger } from "../../src/conformance/live-exchanger.js";
import { runConformance } from "../../src/conformance/suite.js";
import type { ExchangeRequest } from "../../src/conformance/exchange.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { nodeHttpEngine } from "../../src/transport/node-http-engine.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { runCli } from "../support/run-cli.js";

// The conformance command against the embedded mock, which is the spec's provider: every check
// holds, read-only and acting; what it records replays offline to the same report. The mock's clock
// is manual: its scenarios have all stopped before the first test, and an acting run moves it a step
// per request.
let mock: MockOneprovider;
const outputs: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), "conformance-"));
const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, mock, outputs, env);

interface JsonReport {
  provider: { version: string | null; build: string | null } | null;
  checks: Array<{ id: string; operationId: string; ok: boolean; expected: string; observed: string }>;
  drift: unknown[];
  additions: unknown[];
  notes: string[];
}

beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 3 });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  rmSync(scratch, { recursive: true, force: true });
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

const failing = () => mock.schemas.find((schema) => schema.name.includes("fails"))!;
/** An acting run on `schemaId` (revision 1), the mock moving a step at each request it answers. */
const runActing = (schemaId: string, ...options: string[]) =>
  stepPerRequest(
    mock,
    run([
      "conformance",
      "--space",
      mock.spaceId,
      "--allow-actions",
      "--schema",
      schemaId,
      "--revision",
      "1",
      "--interval",
      "20",
      ...options,
    ]),
  );

describe("against the mock", () => {
  test("read-only: every check holds, and the summary names the provider's version", async () => {
    const result = await run(["conformance", "--space", mock.spaceId, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.provider).toEqual({ version: "21.02.8", build: "mock" });
    expect(report.drift).toEqual([]);
    expect(report.additions).toEqual([]);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    const ids = report.checks.map((check) => check.id);
    for (const phase of ["waiting", "ongoing", "suspended", "ended"])
      expect(ids).toContain(`list.${phase}.1`);
    for (const probe of [
      "probe.unknown-execution",
      "probe.limit-out-of-range",
      "probe.not-acceptable",
      "probe.dump-not-acceptable",
      "probe.bad-token",
      "probe.no-token",
      "probe.wrong-content-type",
      "probe.body-ignored",
      "probe.method-not-allowed",
      "probe.schedule-missing-fields",
      "probe.dump-not-an-audit-log",
    ])
      expect(ids).toContain(probe);
    expect(ids.filter((id) => id.startsWith("details."))).toHaveLength(Object.keys(mock.executions).length);
    expect(ids.filter((id) => id.startsWith("dump."))).toHaveLength(3);
    expect(ids.some((id) => id.startsWith("act."))).toBe(false);
    expect(result.stderr).toBe(
      `conformance: ${report.checks.length}/${report.checks.length} checks as the spec says (21.02.8)\n`,
    );
  });

  test("small pages are followed: a page of exactly `limit` ids, then the empty last one", async () => {
    const result = await run(["conformance", "--space", mock.spaceId, "--page-size", "1", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    const ended = report.checks.filter((check) => check.id.startsWith("list.ended."));
    expect(ended.length).toBeGreaterThan(2);
    expect(ended.every((check) => check.ok)).toBe(true);
    expect(ended.at(-1)!.observed).toContain('"isLast":true');
  });

  test("--max-executions caps the details read, and says so", async () => {
    const result = await run([
      "conformance",
      "--space",
      mock.spaceId,
      "--max-executions",
      "2",
      "--max-dumps",
      "1",
      "--json",
    ]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.checks.filter((check) => check.id.startsWith("details."))).toHaveLength(2);
    expect(report.checks.filter((check) => check.id.startsWith("dump."))).toHaveLength(1);
    expect(report.notes.join("\n")).toMatch(/Details were read for 2 of the \d+ listed executions/);
  });

  test("--allow-actions: schedule, pause, resume, force-continue, retry, rerun, cancel and delete, all as the spec says", async () => {
    const result = await runActing(failing().atmWorkflowSchemaId, "--json");
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.code).toBe(0);
    const ids = report.checks.map((check) => check.id);
    for (const id of [
      "act.schedule",
      "act.pause",
      "act.resume",
      "act.pause-ended",
      "act.resume-ended",
      "act.force-continue",
      "act.retry",
      "act.rerun",
      "act.cancel-after-rerun",
      "act.delete",
      "act.deleted",
    ])
      expect(ids).toContain(id);
  });

  test("--allow-actions acts on the execution it scheduled and on no other", async () => {
    const before = await Promise.all(
      Object.values(mock.executions).map(async (wid) => [wid, (await fetchDetails(wid)).status] as const),
    );
    const sent: ExchangeRequest[] = [];
    const engine = nodeHttpEngine();
    const live = liveExchanger({
      baseUrl: mock.baseUrl,
      token: mock.token,
      authScheme: "x-auth-token",
      engine,
      timeoutMs: 10_000,
      maxBodyBytes: 1 << 20,
      userAgent: "test",
    });
    const conformance = runConformance(
      {
        spaceId: mock.spaceId,
        maxExecutions: 50,
        pageSize: 10,
        maxDumps: 1,
        actions: { schemaId: failing().atmWorkflowSchemaId, revision: 1, timeoutMs: 20_000, intervalMs: 20 },
      },
      {
        exchange: (request) => {
          sent.push(request);
          return live(request);
        },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
      },
    ).finally(() => engine.close());
    const report = await stepPerRequest(mock, conformance);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    const scheduled = sent.findIndex((request) => request.check === "act.schedule");
    const created = report.checks
      .find((check) => check.id === "act.schedule")!
      .observed.match(/"atmWorkflowExecutionId":"([^"]+)"/)![1]!;
    const acting = sent.slice(scheduled + 1).filter((request) => request.method !== "GET");
    expect(acting.length).toBeGreaterThan(5);
    for (const request of acting) expect(request.path).toContain(`/workflows/${created}`);
    // The probes before it name an execution id that no provider has.
    for (const request of sent
      .slice(0, scheduled)
      .filter((each) => each.method === "POST" && each.path.includes("/workflows/")))
      expect(request.path).toContain("conformanceprobe");
    const after = await Promise.all(
      Object.values(mock.executions).map(async (wid) => [wid, (await fetchDetails(wid)).status] as const),
    );
    expect(after).toEqual(before);
  });

  test("--report writes Markdown to paste into an issue: the summary, the checks, no host and no token", async () => {
    const file = join(scratch, "report.md");
    const result = await run(["conformance", "--space", mock.spaceId, "--report", file]);
    expect(result.code).toBe(0);
    const markdown = readFileSync(file, "utf8");
    expect(markdown).toMatch(/^# Oneprovider conformance report\n/);
    expect(markdown).toMatch(/\*\*conformance: (\d+)\/\1 checks as the spec says \(21\.02\.8\)\*\*/);
    expect(markdown).toContain("| ok | probe.bad-token | getWorkflowExecutionDetails |");
    expect(markdown).not.toContain(new URL(mock.baseUrl).host);
    expect(markdown).not.toContain(mock.token);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^conformance: (\d+)\/\1 checks as the spec says \(21\.02\.8\)$/,
    );
  });
});

describe("record and replay", () => {
  test("--record writes each exchange without the token; --replay gives the same report offline", async () => {
    const dir = join(scratch, "recording");
    const recorded = await runActing(mock.schemas[0]!.atmWorkflowSchemaId, "--record", dir, "--json");
    expect(recorded.code).toBe(0);
    const files = readdirSync(join(dir, "exchanges"));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const text = readFileSync(join(dir, "exchanges", file), "utf8");
      expect(text).not.toContain(mock.token);
      expect(text).not.toMatch(/x-auth-token|authorization/i);
    }
    // Replayed with no provider at all: no host, no token in the environment.
    const replayed = await runCli(["conformance", "--replay", dir, "--json"], mock, outputs, {
      ONEPROVIDER_HOST: undefined,
      ONEPROVIDER_API_KEY: undefined,
    });
    expect(replayed.code).toBe(0);
    const live = JSON.parse(recorded.stdout) as JsonReport;
    const offline = JSON.parse(replayed.stdout) as JsonReport;
    expect(offline.checks).toEqual(live.checks);
    expect(offline.provider).toEqual(live.provider);
  });

  test("a replay asks only for what was recorded: a missing exchange fails its check, saying so", async () => {
    const dir = join(scratch, "partial");
    await run(["conformance", "--space", mock.spaceId, "--max-dumps", "1", "--record", dir]);
    const exchanges = readdirSync(join(dir, "exchanges"));
    const dump = exchanges.find((name) => name.includes("dump."))!;
    rmSync(join(dir, "exchanges", dump));
    const replayed = await runCli(["conformance", "--replay", dir, "--json"], mock, outputs);
    expect(replayed.code).toBe(1);
    const report = JSON.parse(replayed.stdout) as JsonReport;
    expect(report.checks.find((check) => check.id.startsWith("dump."))?.observed).toMatch(
      /^no answer: not in the recording: GET \/automation\/execution\/stores\//,
    );
  });
});

describe("usage and failures", () => {
  test.each([
    [["conformance"], /conformance needs --space ID/],
    [
      ["conformance", "--space", "s", "--allow-actions"],
      /--allow-actions needs --schema ID and --revision N/,
    ],
    [["conformance", "--space", "s", "--schema", "x"], /--schema and --revision are for --allow-actions/],
    [
      ["conformance", "--space", "s", "--record", "a", "--replay", "b"],
      /--record and --replay exclude each other/,
    ],
    [["conformance", "--space", "s", "--page-size", "0"], /--page-size takes a whole number from 1 to 1000/],
    [
      ["conformance", "--space", "s", "--page-size", "1001"],
      /--page-size takes a whole number from 1 to 1000/,
    ],
    [["conformance", "--space", "s", "--max-executions", "ten"], /--max-executions takes a whole number/],
    [["conformance", "--space", "s", "--dry-run"], /conformance has no option --dry-run/],
    [
      ["conformance", "--replay", "/nonexistent/recording"],
      /is not a recording \(no readable recording\.json: ENOENT\)/,
    ],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const result = await run(args);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
  });

  test("a provider that cannot be reached: exit 3, one line", async () => {
    const result = await run(["conformance", "--space", "s", "--host", "http://127.0.0.1:9"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^oneprovider-atm: http:\/\/127\.0\.0\.1:9\/api\/v3\/oneprovider: no answer: .*ECONNREFUSED/,
    );
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  test("--help lists its exit codes", async () => {
    const result = await run(["conformance", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1  drift: an answer differs from the spec");
    expect(result.stdout).not.toContain("--dry-run");
  });
});

async function fetchDetails(wid: string) {
  const response = await fetch(`${mock.baseUrl}/automation/execution/workflows/${wid}`, {
    headers: { "x-auth-token": mock.token },
  });
  return (await response.json()) as { status: string };
}

test("a space that is not the caller's: the list is answered as the spec says (403), and the notes say why nothing was read", async () => {
  const result = await run(["conformance", "--space", "not-my-space", "--json"]);
  const report = JSON.parse(result.stdout) as JsonReport;
  expect(result.code).toBe(0);
  expect(report.checks.find((check) => check.id === "list.ongoing.1")?.observed).toMatch(
    /^403 application\/json: .*forbidden/,
  );
  expect(report.notes).toContain(
    "Space not-my-space could not be listed in phase ongoing (403 forbidden): check --space and your privileges there.",
  );
  expect(report.checks.some((check) => check.id.startsWith("details."))).toBe(false);
});
