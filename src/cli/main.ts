#!/usr/bin/env node
// oneprovider-atm: the command-line tool. Loads only what the command needs: `get --json` must cost
// little more than Node's own start-up, since it is called from shell loops.
import { readFileSync } from "node:fs";
import { joinLines, terminalLine } from "./terminal-text.js";
import { EXIT, exitCodeForError } from "./exit-codes.js";
import { commandOf, program, UsageError } from "./command.js";
import { closest } from "./suggest.js";
import { commands } from "./commands/index.js";
import { mainHelp } from "./help.js";
import { DryRunDone } from "./dry-run.js";

const byName = new Map(commands.map((command) => [command.name, command]));

/** Runs the tool; resolves with the exit code. Errors go to stderr as one line. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      process.stderr.write(shortUsage());
      return EXIT.usage;
    }
    if (command === "--help" || command === "-h" || command === "help") {
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
    if (!found) {
      const meant = closest(command, [...byName.keys()]);
      throw new UsageError(`unknown command "${command}"${meant ? `; did you mean "${meant}"?` : ""}`);
    }
    return await found.run(rest, env);
  } catch (error) {
    return report(error);
  }
}

/** What `oneprovider-atm` alone prints: how to start, not the whole help. */
function shortUsage(): string {
  // The oneprovider-rest-cli forms are named by operationId, in camel case: one entry for all of them.
  const names = commands.map((command) => command.name).filter((name) => !/[A-Z]/.test(name));
  return `Usage: ${program} <command> [options]\nCommands: ${names.join(", ")}, <operationId>\nRun '${program} --help' for what each does, '${program} <command> --help' for its options.\n`;
}

function report(error: unknown): number {
  // A dry run has printed its request and sent nothing: that is its success.
  if (error instanceof DryRunDone) return EXIT.ok;
  if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    error = new UsageError(error.message);
  }
  const line = error instanceof Error ? error.message : String(error);
  const command = commandOf(error);
  const usage =
    exitCodeForError(error) === EXIT.usage ? ` (see '${program}${command ? ` ${command}` : ""} --help')` : "";
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
