import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { runCli } from "../support/run-cli.js";

// The built tool against the mock: the lifecycle commands, their output and exit codes.
let mock: MockOneprovider;
const outputs: string[] = [];

const run = (args: string[]) => runCli(args, mock, outputs);

beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 8 });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

describe("the lifecycle from the command line", () => {
  test("schedule the schema whose second lane fails, watch it fail, read its log, retry, watch it finish, rm", async () => {
    const failing = mock.schemas.find((schema) => schema.name.includes("fails"))!;
    const scheduled = await stepPerRequest(
      mock,
      run([
        "schedule",
        "--space",
        mock.spaceId,
        "--schema",
        failing.atmWorkflowSchemaId,
        "--revision",
        "1",
        "--watch",
        "--interval",
        "20",
      ]),
    );
    const wid = scheduled.stdout.split("\n")[0]!;
    expect(wid).toMatch(/^[0-9a-f]{32}ch[0-9a-f]{4}$/);
    expect(scheduled.code).toBe(4); // watch: the execution ended failed
    const log = await run(["logs", wid, "--level", "error"]);
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}error +\[Lane: 2, Run: 1\] Lane run failed\.$/m,
    );
    const json = await run(["logs", wid, "--json"]);
    expect(
      json.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).index)[0],
    ).toBe("0");
    const retried = await run(["retry", wid]);
    expect(retried).toMatchObject({ code: 0 });
    expect(retried.stdout).toContain("lane 2 run 1");
    expect((await stepPerRequest(mock, run(["watch", wid, "--interval", "20"]))).code).toBe(0);
    expect((await run(["rm", wid])).code).toBe(0);
    expect((await run(["get", wid])).code).toBe(1);
  });

  test("logs --follow prints new entries as they come, and ends when the execution stops", async () => {
    const slow = await startMockOneprovider({ clock: "manual", scenarios: ["finished"], seed: 17 });
    try {
      const followed = await stepPerRequest(
        slow,
        runCli(["logs", slow.executions.finished, "--follow", "--interval", "20"], slow, outputs),
      );
      expect(followed.code).toBe(0);
      const lines = followed.stdout.trim().split("\n");
      // Started before most of the log existed, it still printed every entry, once, in order.
      expect(lines[0]).toContain("Scheduled execution.");
      expect(lines.at(-1)).toContain("Stopped execution.");
      expect(new Set(lines).size).toBe(lines.length);
      const whole = await runCli(["logs", slow.executions.finished], slow, outputs);
      expect(whole.stdout.trim().split("\n")).toEqual(lines);
    } finally {
      await slow.close();
    }
  });

  test("ls lists a phase, all phases, with details, as JSON", async () => {
    const ended = await run(["ls", mock.spaceId, "--phase", "ended"]);
    expect(ended.code).toBe(0);
    const ids = ended.stdout.trim().split("\n");
    expect(ids).toContain(mock.executions.finished);
    expect(ids).not.toContain(mock.executions.paused);
    const all = await run(["ls", mock.spaceId, "--phase", "all", "--json"]);
    expect(JSON.parse(all.stdout)).toEqual(
      expect.arrayContaining([mock.executions.paused, mock.executions.finished]),
    );
    const long = await run(["ls", mock.spaceId, "--phase", "ended", "--long", "--limit", "2"]);
    const rows = long.stdout.trim().split("\n");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^ID +STATUS +SCHEDULED +NAME$/);
    expect(rows[1]).toMatch(
      /^[0-9a-f]{32}ch[0-9a-f]{4} {2}\S+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}Mock workflow/,
    );
    // With every phase, a column says which phase each one was listed in.
    const everyPhase = (await run(["ls", mock.spaceId, "--phase", "all", "--long"])).stdout
      .trim()
      .split("\n");
    expect(everyPhase[0]).toMatch(/^ID +STATUS +PHASE +SCHEDULED +NAME$/);
    const pausedRow = everyPhase.find((row) => row.startsWith(mock.executions.paused));
    expect(pausedRow).toMatch(/^\S+ {2}paused +suspended /);
  });

  test("ls says on stderr when nothing matched, and which phase it looked at", async () => {
    const empty = await startMockOneprovider({ clock: "manual", scenarios: [] });
    try {
      const byDefault = await runCli(["ls", empty.spaceId], empty, outputs);
      expect(byDefault).toMatchObject({ code: 0, stdout: "" });
      expect(byDefault.stderr).toBe(
        `oneprovider-atm: no ongoing executions in space ${empty.spaceId} (ongoing is the default; --phase all lists every phase)\n`,
      );
      const every = await runCli(["ls", empty.spaceId, "--phase", "all"], empty, outputs);
      expect(every.stderr).toBe(`oneprovider-atm: no executions in space ${empty.spaceId}, in any phase\n`);
      const json = await runCli(["ls", empty.spaceId, "--json"], empty, outputs);
      expect(json).toMatchObject({ stdout: "[]\n", stderr: "" });
    } finally {
      await empty.close();
    }
  });

  test("actions say what was accepted; a refusal is one line with the Onedata id, exit 1", async () => {
    // A provider of its own: the cancel changes what the other tests here list.
    const own = await startMockOneprovider({ clock: "manual", scenarios: ["paused", "finished"], seed: 8 });
    try {
      await own.runToEnd();
      expect(await runCli(["cancel", own.executions.paused], own, outputs)).toMatchObject({
        code: 0,
        stdout: `cancel: accepted for ${own.executions.paused}\n`,
      });
      const refused = await runCli(["pause", own.executions.finished], own, outputs);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^oneprovider-atm: .*atmWorkflowExecutionEnded.*\n$/);
      expect(refused.stderr.split("\n")).toHaveLength(2);
    } finally {
      await own.close();
    }
  });

  test("retry and rerun without a selector: several choices or none is a usage error that lists them", async () => {
    const none = await run(["retry", mock.executions.finished]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no run");
    const several = await run(["rerun", mock.executions.finished]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain("--lane 1 --run 1");
    expect(several.stderr).toContain("--lane 3 --run 1");
    const half = await run(["rerun", mock.executions.finished, "--lane", "1"]);
    expect(half.code).toBe(2);
  });

  test.each([
    [["schedule", "--space", "s"], "--schema"],
    [["schedule", "--space", "s", "--schema", "x", "--revision", "0"], "--revision"],
    [["schedule", "--space", "s", "--schema", "x", "--revision", "1", "--log-level", "loud"], "--log-level"],
    [["schedule", "--space", "s", "--schema", "x", "--revision", "1", "--input", "nojson"], "--input"],
    [["ls", "space", "--phase", "running"], "--phase"],
    [["logs", "wid", "--level", "chatty"], "--level"],
    [["cancel"], "cancel takes exactly one"],
  ])("usage errors: %j", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test("every new command has --help", async () => {
    for (const command of [
      "ls",
      "schedule",
      "cancel",
      "pause",
      "resume",
      "continue",
      "rm",
      "retry",
      "rerun",
      "logs",
    ]) {
      const result = await run([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: oneprovider-atm ${command}`));
    }
  });
});

describe("oneprovider-rest-cli forms, for every operation", () => {
  // A mock of its own, so that its executions are where their scenarios stop.
  let provider: MockOneprovider;
  beforeAll(async () => {
    provider = await startMockOneprovider({ clock: "manual", seed: 9 });
    await provider.runToEnd();
  });
  afterAll(() => provider.close());
  const run = (args: string[]) => runCli(args, provider, outputs);

  /** Runs the tool with `input` on its standard input. */
  const runWithInput = (args: string[], input: string) => runCli(args, provider, outputs, {}, input);

  test("list, schedule (fields and standard input), retry, rerun, cancel, pause, resume, force-continue, delete, dump", async () => {
    const listed = await run(["listWorkflowExecutions", `sid=${provider.spaceId}`, "phase=ended", "limit=2"]);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout);
    expect(page.atmWorkflowExecutions).toHaveLength(2);
    expect(page.isLast).toBe(false);

    const schema = provider.schemas[0]!.atmWorkflowSchemaId;
    const byFields = await run([
      "scheduleWorkflowExecution",
      `spaceId==${provider.spaceId}`,
      `atmWorkflowSchemaId==${schema}`,
      "atmWorkflowSchemaRevisionNumber==1",
    ]);
    expect(byFields.code).toBe(0);
    const wid = JSON.parse(byFields.stdout).atmWorkflowExecutionId as string;
    const byStdin = await runWithInput(
      ["scheduleWorkflowExecution", "logLevel==debug", "-"],
      JSON.stringify({
        spaceId: provider.spaceId,
        atmWorkflowSchemaId: schema,
        atmWorkflowSchemaRevisionNumber: 1,
      }),
    );
    expect(byStdin.code).toBe(0);
    expect(JSON.parse(byStdin.stdout).atmWorkflowExecutionId).toMatch(/ch/);

    expect((await run(["getWorkflowExecutionDetails", `wid=${wid}`])).code).toBe(0);
    expect(await run(["resumeWorkflowExecution", `wid=${provider.executions.paused}`])).toMatchObject({
      code: 0,
      stdout: "",
    });
    expect(
      (
        await run([
          "rerunWorkflowExecution",
          `wid=${provider.executions.cancelled}`,
          "laneIndex==2",
          "laneRunNumber==1",
        ])
      ).code,
    ).toBe(0);
    const ended = await run(["cancelWorkflowExecution", `wid=${provider.executions.finished}`]);
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain("atmWorkflowExecutionEnded");
    expect((await run(["pauseWorkflowExecution", `wid=${provider.executions.finished}`])).code).toBe(1);

    const failed = provider.executions.failed;
    expect(
      (await run(["retryWorkflowExecution", `wid=${failed}`, "laneIndex==2", "laneRunNumber==1"])).code,
    ).toBe(0);
    const crashedStore = JSON.parse(
      (await run(["getWorkflowExecutionDetails", `wid=${provider.executions.crashed}`])).stdout,
    ).systemAuditLogStoreId;
    const dump = await run(["dumpAtmStore", `sid=${crashedStore}`]);
    expect(dump.code).toBe(0);
    expect(JSON.parse(dump.stdout)[0].content.description).toBe("Scheduled execution.");
    expect((await run(["forceContinueWorkflowExecution", `wid=${provider.executions.crashed}`])).code).toBe(
      1,
    );
    expect((await run(["deleteWorkflowExecution", `wid=${provider.executions.crashed}`])).code).toBe(0);
  });

  test.each([
    [["listWorkflowExecutions", "phase=ended"], "needs sid="],
    [["getWorkflowExecutionDetails", "id=3"], "does not take"],
    [["retryWorkflowExecution", "wid=x"], "needs a body"],
    [["cancelWorkflowExecution", "wid=x", "reason==now"], "does not take"],
  ])("%j is a usage error", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test("an error answer is one line and exit 1; the help lists every operation", async () => {
    const refused = await run(["listWorkflowExecutions", `sid=${provider.spaceId}`, "limit=0"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("badValueNotInRange");
    const help = await run(["listWorkflowExecutions", "--help"]);
    expect(help.stdout).toContain("listWorkflowExecutions sid=<sid> [phase=<phase>] [limit=<limit>]");
    expect(help.stdout).toContain("retryWorkflowExecution wid=<wid> field==value … | -");
  });
});
