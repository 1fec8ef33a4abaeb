import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { runCli } from "../support/run-cli.js";

// --dry-run prints the curl command and sends nothing; the printed command, run by a real shell
// with the token in its environment, gets the same answer the tool would have.
let mock: MockOneprovider;
const outputs: string[] = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 13 });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

function shell(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      "bash",
      ["-c", command],
      { env: { PATH: process.env.PATH, ONEPROVIDER_API_KEY: mock.token } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
}

describe("--dry-run", () => {
  test.each([
    [["get", "WID", "--json"]],
    [["getWorkflowExecutionDetails", "wid=WID"]],
    [["ls", "SPACE", "--phase", "ended"]],
    [["listWorkflowExecutions", "sid=SPACE", "phase=ended", "limit=2"]],
    [["retryWorkflowExecution", "wid=FAILED", "laneIndex==2", "laneRunNumber==1", "--bearer"]],
  ])("%j prints a curl command that gets the tool's answer, and sends nothing", async (template) => {
    const args = template.map((arg) =>
      arg
        .replace("WID", mock.executions.finished)
        .replace("SPACE", mock.spaceId)
        .replace("FAILED", mock.executions.failed),
    );
    const before = mock.requestCount;
    const dry = await runCli([...args, "--dry-run"], mock, outputs);
    expect(dry.code).toBe(0);
    expect(mock.requestCount).toBe(before);
    expect(dry.stdout).toMatch(
      /^curl -sS .*"(X-Auth-Token|Authorization: Bearer) ?:? ?\$ONEPROVIDER_API_KEY"/,
    );
    expect(dry.stdout).not.toContain(mock.token);
    const viaCurl = await shell(dry.stdout);
    expect(mock.requestCount).toBe(before + 1);
    if (args[0] === "retryWorkflowExecution") expect(viaCurl).toBe("");
    else if (args[0] === "ls")
      expect(JSON.parse(viaCurl).atmWorkflowExecutions).toContain(mock.executions.finished);
    else
      expect(JSON.parse(viaCurl)).toMatchObject(
        args[0] === "listWorkflowExecutions" ? { isLast: false } : { status: "finished" },
      );
  });

  test.each([
    [
      ["ls", "SPACE", "--long"],
      /# then: the same with &token=<nextPageToken>.*\n# then: GET \/automation\/execution\/workflows\/<id> for each id/,
    ],
    [
      ["logs", "WID", "--follow"],
      /# then: GET \/automation\/execution\/stores\/<its systemAuditLogStoreId>\/dump\n# then: both again/,
    ],
    [["retry", "WID"], /# then: POST \/automation\/execution\/workflows\/\S+\/retry with the one lane run/],
    [
      ["watch", "WID", "--until", "ended"],
      /# then: the same again, every 2000 ms at first, until the execution ends/,
    ],
  ])("%j: what follows from the first answer is told as shell comments", async (args, then) => {
    const dry = await runCli(
      [
        ...args.map((arg) => arg.replace("WID", mock.executions.finished).replace("SPACE", mock.spaceId)),
        "--dry-run",
      ],
      mock,
      outputs,
    );
    expect(dry.code).toBe(0);
    const [curl, ...rest] = dry.stdout.trimEnd().split("\n");
    expect(curl).toMatch(/^curl -sS /);
    expect(rest.every((line) => line.startsWith("# then: "))).toBe(true);
    expect(dry.stdout).toMatch(then);
  });

  test("with --token-file the shell reads the file; without any token a dry run still prints", async () => {
    const dry = await runCli(["get", "x", "--dry-run", "--token-file", "/run/secrets/token"], mock, outputs);
    expect(dry.stdout).toContain('"X-Auth-Token: $(cat "/run/secrets/token")"');
    const noToken = await runCli(["cancel", "x", "--dry-run"], { baseUrl: mock.baseUrl, token: "" }, outputs);
    expect(noToken.code).toBe(0);
    expect(noToken.stdout).toContain("-X POST");
  });
});
