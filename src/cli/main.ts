#!/usr/bin/env node
// oneprovider-atm: the command-line tool. Loads only what the command needs: `get --json` must cost
// little more than Node's own start-up, since it is called from shell loops.
import { readFileSync } from "node:fs";
import { joinLines, terminalLine } from "./terminal-text.js";
import { OneproviderNetworkError } from "../errors/error-classes.js";
import { EXIT, exitCodeForError } from "./exit-codes.js";
import { program, UsageError } from "./command.js";
import { commands } from "./commands/index.js";
import { mainHelp } from "./help.js";
import { DryRunDone } from "./dry-run.js";

const byName = new Map(commands.map((command) => [command.name, command]));

/** Runs the tool; resolves with the exit code. Errors go to stderr as one line. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      const topic = rest[0] === undefined ? undefined : byName.get(rest[0]);
      process.stdout.write(`${topic ? topic.help() : mainHelp(commands)}\n`);
      return EXIT.ok;
    }
    if (command === "--version") {
      const { version } = JSON.parse(
        readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
      ) as { version: string };
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    const found = byName.get(command);
    if (!found) throw new UsageError(`unknown command "${command}"; run '${program} --help'`);
    return await found.run(rest, env);
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  // A dry run has printed its request and sent nothing: that is its success.
  if (error instanceof DryRunDone) return EXIT.ok;
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
  // One line, and harmless: a description is the server's text.
  process.stderr.write(`${program}: ${terminalLine(joinLines(line))}${usage}\n`);
  return exitCodeForError(error);
}

// A reader that closes the output early (`… | head -1`) ends the tool quietly, not with a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// main never rejects: it turns every failure into a message and an exit code.
void main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
