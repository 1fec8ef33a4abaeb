import { parseArgs, type ParseArgsConfig } from "node:util";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { printHelp, type HelpTopic } from "./help.js";

/** A bad command line: exit code 2, and the error line points at --help. */
export class UsageError extends OneproviderUsageError {}

const helpOption = { help: { type: "boolean", short: "h" } } as const;

type ParsedCommand<O extends NonNullable<ParseArgsConfig["options"]>> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof helpOption }>
>;

/**
 * The preamble every command shares: parse its options (with --help), print the help when asked
 * (then `undefined`), and check how many positional arguments it got.
 */
export function parseCommand<const O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  topic: HelpTopic,
  options: O,
  positionals: { count: number | undefined; usage: string },
): ParsedCommand<O> | undefined {
  const parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...helpOption } });
  if ((parsed.values as { help?: boolean }).help) {
    printHelp(topic);
    return undefined;
  }
  if (positionals.count !== undefined && parsed.positionals.length !== positionals.count)
    throw new UsageError(positionals.usage);
  return parsed;
}
