import { describeOptions, program, type Command } from "./command.js";
import { connectionOptions } from "./connection.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";

/** The column a command's description starts at in the tool's help. */
const column = 38;

/** The tool's help: each command's listing line from its record, the connection options, the exit codes. */
export function mainHelp(commands: readonly Command[]): string {
  const listed = commands.flatMap((command) => {
    if (!command.listing) return [];
    const [head, what] = command.listing;
    const text = what.replaceAll("\n", `\n${" ".repeat(column)}`);
    return [
      `  ${head}`.length + 2 > column
        ? `  ${head}\n${" ".repeat(column)}${text}`
        : `  ${head}`.padEnd(column) + text,
    ];
  });
  return [
    `Usage: ${program} <command> [options]`,
    "",
    "Commands:",
    ...listed,
    "",
    `Run '${program} <command> --help' for a command's options.`,
    "",
    `Connection:\n${describeOptions(connectionOptions)}`,
    "",
    EXIT_CODES_HELP,
  ].join("\n");
}
