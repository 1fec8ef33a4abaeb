import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { repoRoot } from "../support/spec.js";
import { stepPerRequest } from "../support/mock-clock.js";
import { cli, runCli, type CliRun } from "../support/run-cli.js";
import { startTestHttpsServer } from "../support/tls.js";
import { sendJson, startTestServer } from "../support/http-server.js";

// The built tool, run as a user runs it: a child process, against the mock Oneprovider.

let mock: MockOneprovider;
let scratch: string;
const outputs: string[] = [];

type Run = CliRun;

const run = (args: string[], env: Record<string, string | undefined> = {}, provider = mock): Promise<Run> =>
  runCli(args, provider, outputs, env);

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
  mock = await startMockOneprovider({ clock: "manual", seed: 5 });
  scratch = mkdtempSync(path.join(tmpdir(), "atm-cli-"));
});
afterAll(async () => {
  await mock.close();
  rmSync(scratch, { recursive: true, force: true });
  // Whatever the tool printed, in any test, never held the token.
  expect(outputs.length).toBeGreaterThan(10);
  for (const output of outputs) expect(output).not.toContain(mock.token);
});

describe("get", () => {
  test("a readable summary: status, phase, local times, lanes with latest runs", async () => {
    const { code, stdout, stderr } = await run(["get", mock.executions.retried]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Status\s+\S+ \((waiting|ongoing|ended)\)$/m);
    expect(stdout).toMatch(/^Scheduled\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    expect(stdout).toMatch(/^#\s+LANE\s+RUN\s+TYPE\s+STATUS/m);
    expect(stdout).toContain("list-files");
  });

  test("--json prints the provider's JSON for jq", async () => {
    const { code, stdout } = await run(["get", mock.executions.finished, "--json"]);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.atmWorkflowExecutionId).toBe(mock.executions.finished);
    expect(Array.isArray(body.lanes)).toBe(true);
  });

  test("the oneprovider-rest-cli invocation prints raw JSON", async () => {
    const { code, stdout } = await run(["getWorkflowExecutionDetails", `wid=${mock.executions.failed}`]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout).atmWorkflowExecutionId).toBe(mock.executions.failed);
  });

  test("--token-file and --bearer", async () => {
    const tokenFile = path.join(scratch, "token");
    writeFileSync(tokenFile, `${mock.token}\n`);
    const { code } = await run(
      ["get", mock.executions.finished, "--json", "--token-file", tokenFile, "--bearer"],
      { ONEPROVIDER_API_KEY: undefined },
    );
    expect(code).toBe(0);
  });
});

describe("a rotated --token-file", () => {
  test("is read again after a 401, and the request sent once more; the tool names itself in user-agent", async () => {
    const tokenFile = path.join(scratch, "rotating-token");
    writeFileSync(tokenFile, "expired-token-0123456789\n");
    const execution = JSON.parse((await run(["get", mock.executions.finished, "--json"])).stdout);
    const server = await startTestServer((request, response) => {
      if (request.headers["x-auth-token"] !== "renewed-token-0123456789") {
        // The token is rotated while the tool waits for this answer.
        writeFileSync(tokenFile, "renewed-token-0123456789\n");
        return sendJson(response, 401, { error: { id: "unauthorized", description: "token expired" } });
      }
      sendJson(response, 200, execution);
    });
    try {
      const result = await runCli(
        ["get", mock.executions.finished, "--json", "--token-file", tokenFile],
        { baseUrl: server.baseUrl, token: "unused" },
        [],
        { ONEPROVIDER_API_KEY: undefined },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(server.requests.map((request) => request.headers["x-auth-token"])).toEqual([
        "expired-token-0123456789",
        "renewed-token-0123456789",
      ]);
      const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
      expect(server.requests[0]!.headers["user-agent"]).toBe(`oneprovider-atm/${version}`);
    } finally {
      await server.close();
    }
  });
});

describe("watch", () => {
  test.each([
    ["finished", 0],
    ["retried", 0],
    ["failed", 4],
    ["cancelled", 5],
    ["crashed", 6],
  ] as const)(
    "follows %s to its end and exits %i, one plain line per change when not a terminal",
    async (scenario, exitCode) => {
      // A provider of its own, young when the watch starts, that moves a step at every poll.
      const fresh = await startMockOneprovider({ clock: "manual", seed: 6, scenarios: [scenario] });
      const args = ["watch", fresh.executions[scenario], "--interval", "20", "--max-interval", "50"];
      const { code, stdout, stderr } = await stepPerRequest(fresh, run(args, {}, fresh));
      await fresh.close();
      expect(stdout).not.toContain(fresh.token);
      expect(stderr).toBe("");
      expect(code).toBe(exitCode);
      const lines = stdout.trim().split("\n");
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines)
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z \S+ \((waiting|ongoing|suspended|ended)\)/);
      expect(new Set(lines).size).toBe(lines.length);
      expect(lines.at(-1)).toContain(scenario === "retried" ? "finished" : scenario);
      expect(stdout).not.toContain("\x1b[");
    },
  );

  test("on a terminal it redraws in place", async () => {
    const fresh = await startMockOneprovider({ clock: "manual", seed: 6, scenarios: ["finished"] });
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} watch ${fresh.executions.finished} --interval 20 --max-interval 50`;
    const watched = new Promise<Run>((resolve) =>
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        {
          env: {
            PATH: process.env.PATH,
            ONEPROVIDER_HOST: new URL(fresh.baseUrl).origin,
            ONEPROVIDER_API_KEY: fresh.token,
            TERM: "xterm",
          },
          timeout: 20_000,
        },
        (error, out, err) => resolve({ code: error ? Number(error.code) : 0, stdout: out, stderr: err }),
      ),
    );
    const { stdout, code } = await stepPerRequest(fresh, watched);
    await fresh.close();
    expect(stdout).not.toContain(fresh.token);
    expect(code).toBe(0);
    expect(stdout).toContain("\x1b[J");
    expect(stdout).toMatch(/\x1b\[\d+F/);
    expect(stdout).toContain("Status              finished (ended)");
  });

  test("Ctrl-C ends a watch quietly with 130", async () => {
    const fresh = await startMockOneprovider({ clock: "manual", scenarios: ["paused"] });
    const child = execFile(
      process.execPath,
      [cli, "watch", fresh.executions.paused, "--interval", "50", "--until", "ended"],
      {
        env: {
          PATH: process.env.PATH,
          ONEPROVIDER_HOST: new URL(fresh.baseUrl).origin,
          ONEPROVIDER_API_KEY: fresh.token,
        },
      },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toBe("");
    await fresh.close();
  });
});

describe("errors and exit codes", () => {
  test.each<[string, string[], Record<string, string | undefined>, number, RegExp]>([
    ["an unknown execution", ["get", "no-such-id"], {}, 1, /notFound/],
    ["a token that may not see it", ["get", "WID"], { ONEPROVIDER_API_KEY: "RESTRICTED" }, 1, /forbidden/],
    [
      "a forged token",
      ["get", "WID"],
      { ONEPROVIDER_API_KEY: "forged-token" },
      1,
      /unauthorized \(authError: badToken\)/,
    ],
    ["no host", ["get", "WID"], { ONEPROVIDER_HOST: undefined }, 2, /--host/],
    ["no token", ["get", "WID"], { ONEPROVIDER_API_KEY: undefined }, 2, /ONEPROVIDER_API_KEY/],
    ["a token on the command line", ["get", "WID", "--token", "abc"], {}, 2, /--token-file/],
    ["an unknown option", ["get", "WID", "--colour"], {}, 2, /colour/],
    ["a missing wid", ["get"], {}, 2, /wid/],
    ["an unknown command", ["delete", "WID"], {}, 2, /unknown command/],
    ["a bad rest-cli argument", ["getWorkflowExecutionDetails", "id=3"], {}, 2, /wid=/],
    ["a bad timeout", ["get", "WID", "--timeout", "soon"], {}, 2, /--timeout/],
    [
      "an unreadable token file",
      ["get", "WID", "--token-file", "/nonexistent/token"],
      { ONEPROVIDER_API_KEY: undefined },
      2,
      /ENOENT/,
    ],
    ["nothing listening", ["get", "WID"], { ONEPROVIDER_HOST: "http://127.0.0.1:9" }, 3, /ECONNREFUSED/],
  ])("%s", async (_label, args, env, exitCode, message) => {
    const resolved = args.map((arg) => (arg === "WID" ? mock.executions.finished : arg));
    const resolvedEnv = Object.fromEntries(
      Object.entries(env).map(([key, value]) => [key, value === "RESTRICTED" ? mock.restrictedToken : value]),
    );
    const { code, stdout, stderr } = await run(resolved, resolvedEnv);
    expect(code).toBe(exitCode);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^oneprovider-atm: /);
    expect(stderr).toMatch(message);
  });

  test("a provider too slow for --timeout exits 3", async () => {
    const { createServer } = await import("node:http");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const { code, stderr } = await run(["get", "x", "--timeout", "200"], {
      ONEPROVIDER_HOST: `http://127.0.0.1:${port}`,
    });
    silent.closeAllConnections();
    silent.close();
    expect(code).toBe(3);
    expect(stderr).toMatch(/timed out after 200 ms/);
  });

  test("--insecure warns over https, and says nothing over plain http, which has no certificate", async () => {
    const { code, stderr } = await run(["get", mock.executions.finished, "--json", "--insecure"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const { connectionSettings } = await import("../../src/cli/connection.js");
    const writes: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((text: string) => (writes.push(text), true)) as typeof process.stderr.write;
    try {
      connectionSettings({ host: "provider.example.org", insecure: true }, { ONEPROVIDER_API_KEY: "t" });
    } finally {
      process.stderr.write = write;
    }
    expect(writes.join("")).toMatch(/warning: --insecure accepts any certificate/);
  });

  test.each([
    "--help",
    "get --help",
    "watch --help",
    "getWorkflowExecutionDetails --help",
    "mock --help",
    "help watch",
  ])("%s documents the exit codes and exits 0", async (args) => {
    const { code, stdout } = await run(args.split(" "));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: oneprovider-atm/);
    if (!args.startsWith("mock")) expect(stdout).toContain("Exit codes:");
  });

  test("--version prints the package version", async () => {
    const { code, stdout } = await run(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("TLS options against a provider with a self-signed certificate", () => {
  test("without --cacert: exit 3, a certificate problem and how to fix it; with --cacert or --insecure: the JSON", async () => {
    const provider = await startTestHttpsServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ atmWorkflowExecutionId: "tls-wid" }));
    });
    const env = { ONEPROVIDER_HOST: new URL(provider.baseUrl).origin };
    const refused = await run(["get", "tls-wid", "--json"], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(refused.stderr).toMatch(/--cacert/);
    const trusted = await run(["get", "tls-wid", "--json", "--cacert", provider.certFile], env);
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.stdout).atmWorkflowExecutionId).toBe("tls-wid");
    const insecure = await run(["get", "tls-wid", "--json", "--insecure"], env);
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/warning: --insecure/);
    const notPem = await run(["get", "tls-wid", "--cacert", path.join(repoRoot, "package.json")], env);
    expect(notPem.code).toBe(2);
    await provider.close();
  });
});

describe("mock", () => {
  test("prints its address and token, serves, and stops on SIGTERM, saying so", async () => {
    const child = execFile(process.execPath, [cli, "mock", "--speed", "10", "--seed", "9"]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const banner = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("Stop with Ctrl-C.")) resolve(text);
      });
    });
    const mockHost = /ONEPROVIDER_HOST=(\S+)/.exec(banner)![1]!;
    const mockToken = /ONEPROVIDER_API_KEY=(\S+)/.exec(banner)![1]!;
    const wid = /finished\s+(\S+)/.exec(banner)![1]!;
    const { code } = await run(["get", wid, "--json"], {
      ONEPROVIDER_HOST: mockHost,
      ONEPROVIDER_API_KEY: mockToken,
    });
    expect(code).toBe(0);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("Mock Oneprovider stopped.\n");
  });

  test("--release 25.1 answers as 25.1; another release is a usage error", async () => {
    const child = execFile(process.execPath, [cli, "mock", "--release", "25.1"]);
    const banner = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("Stop with Ctrl-C.")) resolve(text);
      });
    });
    expect(banner).toMatch(/^Mock Oneprovider 25\.1 on http:\/\/127\.0\.0\.1:\d+\//);
    const origin = /ONEPROVIDER_HOST=(\S+)/.exec(banner)![1]!;
    const configuration = await (await fetch(`${origin}/api/v3/oneprovider/configuration`)).json();
    expect(configuration).toMatchObject({ version: "25.1" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const { code, stderr } = await run(["mock", "--release", "24.1"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--release takes 21.02.8 or 25.1, not "24.1"');
  });

  test("a bad --port is a usage error", async () => {
    const { code, stderr } = await run(["mock", "--port", "http"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port/);
  });
});
