import { describeOptions, program, type Command } from "./command.js";
import { connectionOptions } from "./connection.js";
import { describeExitCodes, EXIT_MEANING, type ExitCodes } from "./exit-codes.js";

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
    describeExitCodes(exitCodesOf(commands)),
  ].join("\n");
}

/** Every command's exit codes: the common ones as they are, the others with the commands that give them. */
function exitCodesOf(commands: readonly Command[]): ExitCodes {
  const codes: Record<number, string> = { ...EXIT_MEANING };
  const givers = new Map<number, { meaning: string; names: string[] }>();
  for (const command of commands)
    for (const [code, meaning] of Object.entries(command.exitCodes)) {
      if (Number(code) in EXIT_MEANING || meaning === undefined) continue;
      const entry = givers.get(Number(code)) ?? { meaning, names: [] };
      entry.names.push(command.name);
      givers.set(Number(code), entry);
    }
  for (const [code, { meaning, names }] of givers) codes[code] = `${names.join(", ")}: ${meaning}`;
  return codes;
}
