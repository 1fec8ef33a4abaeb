import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { sendText, startTestServer } from "../support/http-server.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { cli, runCli } from "../support/run-cli.js";

let mock: MockOneprovider;
const outputs: string[] = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", scenarios: ["paused", "finished"], seed: 31 });
});
afterAll(async () => {
  await mock.close();
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

/** `watch <wid>` as a child process, its stderr collected. */
function spawnWatch(wid: string) {
  // --until ended: a paused execution would otherwise end the watch at once (exit 7).
  const child = execFile(process.execPath, [cli, "watch", wid, "--interval", "50", "--until", "ended"], {
    env: {
      PATH: process.env.PATH,
      ONEPROVIDER_HOST: new URL(mock.baseUrl).origin,
      ONEPROVIDER_API_KEY: mock.token,
    },
  });
  const output = { stderr: "" };
  child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output, exited };
}

describe("the command-line tool where things go wrong", () => {
  test("SIGTERM ends a watch quietly with 143 (128 + SIGTERM)", async () => {
    const { child, output, exited } = spawnWatch(mock.executions.paused);
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(output.stderr).toBe("");
  });

  test("an output closed early (watch … | head -1) ends the tool quietly", async () => {
    // The execution moves a step at every poll, so watch writes again after the pipe is closed.
    const { child, output, exited } = spawnWatch(mock.executions.finished);
    // As head does: read the first chunk, then close the pipe.
    child.stdout!.once("data", () => child.stdout!.destroy());
    const code = await stepPerRequest(mock, exited);
    expect(output.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });

  test.each(["{}", "null", "[]"])(
    "a 200 whose body is %s is the provider's error: exit 1, one line",
    async (body) => {
      const server = await startTestServer((_q, r) => sendText(r, 200, body, "application/json"));
      try {
        const result = await runCli(
          ["get", "some-wid"],
          { baseUrl: server.baseUrl, token: "t0k3n-value" },
          outputs,
        );
        expect(result.code).toBe(1);
        expect(result.stderr.split("\n")).toHaveLength(2);
      } finally {
        await server.close();
      }
    },
  );

  test("--token-file does not repeat its value; --cacert with --insecure is a contradiction", async () => {
    const looksLikeAToken = "MDAxY2xvY2F0aW9uIG9uZXpvbmUK-token-pasted-by-mistake";
    const unreadable = await runCli(["get", "x", "--token-file", looksLikeAToken], mock, outputs);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain("ENOENT");
    expect(unreadable.stderr).not.toContain(looksLikeAToken);
    const both = await runCli(["get", "x", "--cacert", "ca.pem", "--insecure"], mock, outputs);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("contradict");
  });

  test("a duration a timer cannot wait is a usage error, not an immediate timeout", async () => {
    const result = await runCli(
      ["get", mock.executions.finished, "--timeout", String(2 ** 31)],
      mock,
      outputs,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("at most 2147483647");
  });
});
