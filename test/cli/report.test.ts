import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { runCli } from "../support/run-cli.js";

let mock: MockOneprovider;
const outputs: string[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "atm-report-"));
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", scenarios: ["retried", "failed"] });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  rmSync(scratch, { recursive: true, force: true });
});
const run = (args: string[]) => runCli(args, mock, outputs);

test("without --html: the lanes × runs grid and what went wrong first, in the terminal", async () => {
  const { code, stdout } = await run(["report", mock.executions.retried]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^ {11}run 1 +run 2$/m);
  expect(stdout).toMatch(/^ {2}lane 2 +failed +finished \(retry of 1\)$/m);
  expect(stdout).toContain("First error: [Lane: 2, Run: 1] Lane run failed.");
  const failed = await run(["report", mock.executions.failed]);
  expect(failed.stdout).toContain(`Retry: oneprovider-atm retry ${mock.executions.failed} --lane 2 --run 1`);
});

test("--html FILE writes the report; --from renders the saved file again, byte for byte, with no provider", async () => {
  const saved = path.join(scratch, "saved.html");
  const written = await run(["report", mock.executions.retried, "--html", saved]);
  expect(written).toMatchObject({ code: 0, stdout: "", stderr: `report: wrote ${saved}\n` });
  const html = readFileSync(saved, "utf8");
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain("retry of run 1");
  const again = path.join(scratch, "again.html");
  const offline = await runCli(
    ["report", "--from", saved, "--html", again],
    { baseUrl: "http://127.0.0.1:9/api", token: "" },
    outputs,
  );
  expect(offline.code).toBe(0);
  expect(readFileSync(again, "utf8")).toBe(html);
  const toStdout = await run(["report", "--from", saved, "--html", "-"]);
  expect(toStdout.stdout).toBe(html);
});

test("--no-log leaves the audit log out", async () => {
  const { stdout } = await run(["report", mock.executions.failed, "--no-log", "--html", "-"]);
  expect(stdout).toContain("The audit log was not read.");
});

test.each([
  [["report"], "report takes one <wid>, or --from FILE and no <wid>"],
  [["report", "a", "b"], "report takes one <wid>, or --from FILE and no <wid>"],
  [["report", "--from", "/nonexistent/saved.html"], "cannot read --from /nonexistent/saved.html: ENOENT"],
  [
    ["report", "--from", path.join(scratch, "plain.html")],
    "not a report of oneprovider-atm: it has no data block",
  ],
])("%j is a usage error", async (args, message) => {
  writeFileSync(path.join(scratch, "plain.html"), "<!doctype html><p>hello</p>");
  const { code, stderr } = await run(args);
  expect(code).toBe(2);
  expect(stderr).toBe(`oneprovider-atm: ${message} (see 'oneprovider-atm report --help')\n`);
});

test("--redact: no original id in the file, the mapping on stderr only", async () => {
  const wid = mock.executions.failed;
  const { code, stdout, stderr } = await run(["report", wid, "--redact", "--html", "-"]);
  expect(code).toBe(0);
  expect(stdout).not.toContain(wid);
  expect(stdout).not.toContain(mock.spaceId);
  expect(stderr).toMatch(new RegExp(`^redacted: id-\\d+ = ${wid}$`, "m"));
  expect(stderr).toMatch(new RegExp(`^redacted: id-\\d+ = ${mock.spaceId}$`, "m"));
});
