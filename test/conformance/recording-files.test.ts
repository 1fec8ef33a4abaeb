import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { runCli } from "../support/run-cli.js";

// The files a conformance run writes and reads: a bad path is a usage error (exit 2) before any
// request, naming the file; a recording made again replaces the exchanges of the one before.
let mock: MockOneprovider;
const scratch = mkdtempSync(join(tmpdir(), "conformance-files-"));
const outputs: string[] = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 4 });
  await mock.runToEnd();
});
afterAll(async () => {
  await mock.close();
  rmSync(scratch, { recursive: true, force: true });
});
const run = (args: string[]) => runCli(["conformance", ...args], mock, outputs);
const record = (dir: string, ...more: string[]) =>
  run(["--space", mock.spaceId, "--max-dumps", "1", "--record", dir, ...more]);

describe("files that cannot be written are found before any request", () => {
  test.each([
    [
      "--record onto a file",
      () => ["--record", file("a-file")],
      /--record .*a-file is a file: it takes a folder/,
    ],
    ["--report onto a folder", () => ["--report", scratch], /--report .* is a folder: it takes a file/],
    [
      "--report into a folder that does not exist",
      () => ["--report", join(scratch, "nowhere", "report.md")],
      /no folder .*nowhere to write it in/,
    ],
  ])("%s: exit 2, naming it, and the provider never asked", async (_label, args, message) => {
    const before = mock.requestCount;
    const result = await run(["--space", mock.spaceId, ...args()]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(mock.requestCount).toBe(before);
  });
});

describe("replays of recordings that are not whole", () => {
  test("a corrupt exchange file: exit 2, naming the file", async () => {
    const dir = join(scratch, "corrupt");
    expect((await record(dir)).code).toBe(0);
    const [first] = readdirSync(join(dir, "exchanges")).sort();
    writeFileSync(join(dir, "exchanges", first!), "{ not json");
    const result = await run(["--replay", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`exchanges/${first} is not a recorded exchange`);
  });

  test.each([
    ["options: null", { tool: "x", spec: "y", options: null }],
    ["no options", { tool: "x", spec: "y" }],
    ["null", null],
  ])("recording.json with %s: exit 2, naming it", async (label, info) => {
    const dir = join(scratch, `info-${label.replace(/\W+/g, "-")}`);
    mkdirSync(join(dir, "exchanges"), { recursive: true });
    writeFileSync(join(dir, "recording.json"), JSON.stringify(info));
    const result = await run(["--replay", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("recording.json has no options with a spaceId");
  });
});

test("recording again into a folder replaces the earlier exchanges: the replay holds only the new run's", async () => {
  const dir = join(scratch, "again");
  expect((await record(dir)).code).toBe(0);
  const stale = join(dir, "exchanges", "9999-stale.json");
  writeFileSync(stale, readFileSync(join(dir, "exchanges", readdirSync(join(dir, "exchanges"))[0]!)));
  expect((await record(dir, "--max-executions", "1")).code).toBe(0);
  expect(readdirSync(join(dir, "exchanges"))).not.toContain("9999-stale.json");
  const replayed = await run(["--replay", dir, "--json"]);
  expect(replayed.code).toBe(0);
  const checks = (JSON.parse(replayed.stdout) as { checks: Array<{ id: string }> }).checks;
  expect(checks.filter((check) => check.id.startsWith("details."))).toHaveLength(1);
});

function file(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, "");
  return path;
}
