#!/usr/bin/env node
// oneprovider-atm: the command-line tool. Loads only what the command needs: `get --json` must cost
// little more than Node's own start-up, since it is called from shell loops.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createClientWithEngine, type OneproviderClient } from "../client/create-client.js";
import { OneproviderNetworkError, OneproviderUsageError } from "../errors/error-classes.js";
import { nodeHttpEngine } from "../transport/node-http-engine.js";
import { summarizeExecution } from "../execution/summary.js";
import { EXIT, EXIT_CODES_HELP, exitCodeForError, exitCodeForStatus } from "./exit-codes.js";
import { formatProgressLine, formatSummary } from "./format.js";

const program = "oneprovider-atm";

const connectionHelp = `Connection:
  --host HOST          the provider: provider.example.org[:port] or https://… (env ONEPROVIDER_HOST)
  --token-file FILE    read the access token from FILE (default: env ONEPROVIDER_API_KEY).
                       The token is never taken on the command line, where other users can see it.
  --bearer             send it as Authorization: Bearer (default X-Auth-Token)
  --cacert FILE        trust this CA (PEM) for the provider's certificate
  --insecure           accept any certificate (test providers only; prints a warning)
  --timeout MS         time allowed to each attempt (default 30000)`;

const help: Record<string, string> = {
  main: `Usage: ${program} <command> [options]

Commands:
  get <wid>                           show a workflow execution (--json: the raw JSON)
  watch <wid>                         follow an execution until it ends
  getWorkflowExecutionDetails wid=ID  the oneprovider-rest-cli call: prints the raw JSON
  mock                                start a mock Oneprovider on loopback

Run '${program} <command> --help' for a command's options.

${connectionHelp}

${EXIT_CODES_HELP}`,
  get: `Usage: ${program} get <wid> [--json] [connection options]

Shows the execution: status and phase, times (local), and each lane with its latest run.
  --json    print the JSON the provider sent, for jq

${connectionHelp}

${EXIT_CODES_HELP}`,
  watch: `Usage: ${program} watch <wid> [--interval MS] [--max-interval MS] [connection options]

Follows the execution until it ends: redrawn in place on a terminal, one line per change otherwise.
The exit code tells how it ended. An ended execution can still be retried, rerun or
force-continued later: watch reports the state it saw when it stopped.
  --interval MS       first interval between polls, and again after each change (default 2000)
  --max-interval MS   the interval grows up to this while nothing changes (default 30000)

${connectionHelp}

${EXIT_CODES_HELP}`,
  getWorkflowExecutionDetails: `Usage: ${program} getWorkflowExecutionDetails wid=<id> [connection options]

The invocation of Onedata's oneprovider-rest-cli: prints the raw JSON. Unlike it, the exit code
reflects the outcome and errors go to stderr.

${connectionHelp}

${EXIT_CODES_HELP}`,
  mock: `Usage: ${program} mock [--port N] [--seed N] [--speed X]

Starts a mock Oneprovider on 127.0.0.1 with one execution per scenario (finished, retried, failed,
cancelled, crashed, paused) and prints its address and token. Stops on Ctrl-C.
  --port N     port to listen on (default: any free one)
  --seed N     the same seed gives the same ids and timelines (default 1)
  --speed X    simulated time runs X times faster (default 1)`,
};

const connectionOptions = {
  host: { type: "string" },
  "token-file": { type: "string" },
  bearer: { type: "boolean" },
  cacert: { type: "string" },
  insecure: { type: "boolean" },
  timeout: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

class UsageError extends OneproviderUsageError {}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${name} takes a positive number, not "${value}"`);
  return number;
}

type ConnectionValues = {
  [K in keyof typeof connectionOptions]?: (typeof connectionOptions)[K]["type"] extends "string"
    ? string
    : boolean;
};

function connect(
  values: ConnectionValues,
  env: NodeJS.ProcessEnv,
): { client: OneproviderClient; close(): void } {
  if (values.token !== undefined) {
    throw new UsageError(
      "--token is not accepted: other users can read the command line. Set ONEPROVIDER_API_KEY or pass --token-file FILE",
    );
  }
  const host = values.host ?? env.ONEPROVIDER_HOST;
  if (!host) throw new UsageError("no provider: pass --host HOST or set ONEPROVIDER_HOST");
  let token: string | undefined;
  if (values["token-file"] !== undefined) {
    try {
      token = readFileSync(values["token-file"], "utf8").trim();
    } catch (error) {
      throw new UsageError(
        `cannot read --token-file ${values["token-file"]}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
  } else {
    token = env.ONEPROVIDER_API_KEY?.trim();
  }
  if (!token) throw new UsageError("no token: set ONEPROVIDER_API_KEY or pass --token-file FILE");
  let ca: string | undefined;
  if (values.cacert !== undefined) {
    try {
      ca = readFileSync(values.cacert, "utf8");
    } catch (error) {
      throw new UsageError(
        `cannot read --cacert ${values.cacert}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----"))
      throw new UsageError(`--cacert ${values.cacert} is not a PEM certificate`);
  }
  if (values.insecure) {
    process.stderr.write(
      `${program}: warning: --insecure accepts any certificate; anyone on the path can read the token\n`,
    );
  }
  const engine = nodeHttpEngine({ ca, insecure: values.insecure });
  const timeoutMs = positiveNumber(values.timeout, "timeout");
  const client = createClientWithEngine(
    {
      host,
      token,
      ...(values.bearer && { authScheme: "bearer" as const }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    },
    engine,
  );
  return { client, close: () => engine.close() };
}

async function get(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...connectionOptions, json: { type: "boolean" } },
  });
  if (values.help) return printHelp("get");
  if (positionals.length !== 1) throw new UsageError("get takes exactly one <wid>");
  const { client, close } = connect(values, env);
  try {
    const execution = await client.getWorkflowExecution(positionals[0]!);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(execution, null, 2)}\n`
        : `${formatSummary(summarizeExecution(execution, { now: Math.floor(Date.now() / 1000) }))}\n`,
    );
    return EXIT.ok;
  } finally {
    close();
  }
}

async function restCliGet(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: connectionOptions });
  if (values.help) return printHelp("getWorkflowExecutionDetails");
  const assignment = positionals.find((positional) => positional.startsWith("wid="));
  if (!assignment || positionals.length !== 1)
    throw new UsageError("getWorkflowExecutionDetails takes wid=<id>");
  const { client, close } = connect(values, env);
  try {
    const execution = await client.getWorkflowExecution(assignment.slice("wid=".length));
    process.stdout.write(`${JSON.stringify(execution)}\n`);
    return EXIT.ok;
  } finally {
    close();
  }
}

async function watch(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...connectionOptions, interval: { type: "string" }, "max-interval": { type: "string" } },
  });
  if (values.help) return printHelp("watch");
  if (positionals.length !== 1) throw new UsageError("watch takes exactly one <wid>");
  const intervalMs = positiveNumber(values.interval, "interval");
  const maxIntervalMs = positiveNumber(values["max-interval"], "max-interval");
  const { client, close } = connect(values, env);
  const terminal = process.stdout.isTTY === true;
  let drawnLines = 0;
  const controller = new AbortController();
  const interrupted = Symbol("interrupted");
  const stop = () => controller.abort(interrupted);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const execution = await client.waitForWorkflowExecution(positionals[0]!, {
      signal: controller.signal,
      ...(intervalMs !== undefined && { intervalMs }),
      ...(maxIntervalMs !== undefined && { maxIntervalMs }),
      onUpdate: (current) => {
        const summary = summarizeExecution(current, { now: Math.floor(Date.now() / 1000) });
        if (terminal) {
          // Redraw in place: up to the first line drawn last time, clear to the end, draw again.
          const text = formatSummary(summary);
          process.stdout.write(`${drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : ""}${text}\n`);
          drawnLines = text.split("\n").length;
        } else {
          process.stdout.write(`${formatProgressLine(summary, new Date())}\n`);
        }
      },
    });
    return exitCodeForStatus(execution.status);
  } catch (error) {
    // Ctrl-C ends the watch quietly, with the shell's convention for an interrupted command.
    if (error === interrupted) return EXIT.interrupted;
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    close();
  }
}

async function mock(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      speed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return printHelp("mock");
  if (positionals.length > 0) throw new UsageError("mock takes no arguments");
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a port number, not "${values.port}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed takes an integer, not "${values.seed}"`);
  const speed = positiveNumber(values.speed, "speed");
  const { startMockOneprovider } = await import("../mock/index.js");
  const server = await startMockOneprovider({
    port,
    ...(seed !== undefined && { seed }),
    ...(speed !== undefined && { speed }),
  });
  const origin = new URL(server.baseUrl).origin;
  process.stdout.write(
    [
      `Mock Oneprovider on ${server.baseUrl}`,
      `  export ONEPROVIDER_HOST=${origin}`,
      `  export ONEPROVIDER_API_KEY=${server.token}`,
      "Executions:",
      ...Object.entries(server.executions).map(([scenario, wid]) => `  ${scenario.padEnd(10)} ${wid}`),
      "Stop with Ctrl-C.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  return EXIT.ok;
}

function printHelp(topic: keyof typeof help): number {
  process.stdout.write(`${help[topic]}\n`);
  return EXIT.ok;
}

const commands: Record<string, (args: string[], env: NodeJS.ProcessEnv) => Promise<number>> = {
  get,
  watch,
  getWorkflowExecutionDetails: restCliGet,
  mock,
};

/** Runs the tool; resolves with the exit code. Errors go to stderr as one line. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      return printHelp(rest[0] !== undefined && rest[0] in help ? (rest[0] as keyof typeof help) : "main");
    }
    if (command === "--version") {
      const { version } = JSON.parse(
        readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
      ) as { version: string };
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}"; run '${program} --help'`);
    return await run(rest, env);
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    error = new UsageError(error.message);
  }
  // An API error's message already names the HTTP status and the Onedata error id; the library's
  // advice names its own API, so the tool adds its flags where they are the fix.
  let line = error instanceof Error ? error.message : String(error);
  if (error instanceof OneproviderNetworkError && error.kind === "tls")
    line +=
      "; on the command line: --cacert FILE trusts that CA, --insecure (a test provider only) any certificate";
  const usage = exitCodeForError(error) === EXIT.usage ? ` (see '${program} --help')` : "";
  process.stderr.write(`${program}: ${line.replace(/\s*\n\s*/g, " ")}${usage}\n`);
  return exitCodeForError(error);
}

main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
