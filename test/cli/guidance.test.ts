import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient } from "../../src/index.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { cli, runCli } from "../support/run-cli.js";

// What a newcomer meets on a mistake: a short usage, one line in the tool's words, the way to the
// right help; and each command's help about that command only.
let mock: MockOneprovider;
const outputs: string[] = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", scenarios: ["finished"] });
  await mock.runToEnd();
});
afterAll(() => mock.close());
const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, mock, outputs, env);

describe("mistakes", () => {
  test("no command is a usage error: a short usage on stderr, not the whole help", async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^Usage: oneprovider-atm <command> \[options\]\nCommands: get, watch, ls, /);
    expect(stderr.split("\n").length).toBeLessThan(6);
  });

  test.each([
    [["gte", "x"], `unknown command "gte"; did you mean "get"? (see 'oneprovider-atm --help')`],
    [["zzz"], `unknown command "zzz" (see 'oneprovider-atm --help')`],
    [
      ["get", "x", "--jsno"],
      "get has no option --jsno; did you mean --json? (see 'oneprovider-atm get --help')",
    ],
    [["get", "x", "--bogus"], "get has no option --bogus (see 'oneprovider-atm get --help')"],
    [["ls", "s", "--phase"], "--phase needs a value: --phase P (see 'oneprovider-atm ls --help')"],
    [["get", "x", "--json=yes"], "--json takes no value (see 'oneprovider-atm get --help')"],
    [["get"], "get takes exactly one <wid> (see 'oneprovider-atm get --help')"],
    [
      ["schedule", "--space", "s"],
      "schedule needs --schema ID and --revision N (see 'oneprovider-atm schedule --help')",
    ],
  ])("%j: one line in our words, exit 2", async (args, line) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`oneprovider-atm: ${line}\n`);
  });

  test("a loopback host typed without a scheme is told to say http://", async () => {
    const { port } = new URL(mock.baseUrl);
    const { code, stderr } = await run(["get", mock.executions.finished], {
      ONEPROVIDER_HOST: `127.0.0.1:${port}`,
    });
    expect(code).toBe(3);
    expect(stderr).toContain(`pass --host http://127.0.0.1:${port}`);
    expect(stderr).not.toContain("--cacert");
  });
});

describe("a command's help", () => {
  test("shows its own usage, options and exit codes, and names the connection options", async () => {
    const { code, stdout } = await run(["get", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: oneprovider-atm get <wid>/);
    expect(stdout).toMatch(/^ {2}--json +print the JSON/m);
    expect(stdout).toContain("Connection options: --host, --token-file,");
    expect(stdout).toContain("(described in 'oneprovider-atm --help')");
    // Not the connection's descriptions, nor watch's exit codes.
    expect(stdout).not.toMatch(/^ {2}--host/m);
    expect(stdout).not.toMatch(/^ {2}(4|7|130) /m);
    expect(stdout).toMatch(/^ {2}3 +no answer/m);
    expect(stdout.split("\n").length).toBeLessThan(16);
  });

  test("watch lists the codes it alone gives; the tool's help names who gives each", async () => {
    const watch = (await run(["watch", "--help"])).stdout;
    expect(watch).toMatch(/^ {2}0 +the execution finished$/m);
    expect(watch).toMatch(/^ {2}130 +interrupted \(Ctrl-C\)$/m);
    const main = (await run(["--help"])).stdout;
    expect(main).toMatch(/^ {2}4 +watch, schedule: the execution ended failed$/m);
    expect(main).toMatch(/^ {2}130 +watch, schedule, logs: interrupted \(Ctrl-C\)$/m);
    expect(main).toMatch(/^ {2}--host HOST/m);
  });
});

test("watch on a terminal says when it last polled and how to stop", async () => {
  const { code, stdout } = await run(["watch", mock.executions.finished], {
    NODE_OPTIONS: `--require ${new URL("../support/tty-stdout.cjs", import.meta.url).pathname}`,
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/Last polled \d\d:\d\d:\d\d\. Ctrl-C stops watching, not the execution\./);
});

test("watch --until ended says when it waits for a resume, then follows the execution to its end", async () => {
  const own = await startMockOneprovider({ clock: "manual", scenarios: ["paused"], seed: 3 });
  try {
    await own.runToEnd();
    const wid = own.executions.paused;
    const child = spawn(process.execPath, [cli, "watch", wid, "--until", "ended", "--interval", "20"], {
      env: {
        PATH: process.env.PATH,
        ONEPROVIDER_HOST: new URL(own.baseUrl).origin,
        ONEPROVIDER_API_KEY: own.token,
      },
    });
    let stderr = "";
    const said = new Promise<void>((resolve) =>
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("waiting for a resume")) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await said;
    expect(stderr).toBe("oneprovider-atm: paused: waiting for a resume (--until ended)\n");
    await createOneproviderClient({ baseUrl: own.baseUrl, token: own.token }).resumeWorkflowExecution(wid);
    await own.runToEnd();
    expect(await exited).toBe(0);
  } finally {
    await own.close();
  }
});
