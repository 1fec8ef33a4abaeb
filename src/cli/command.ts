import { parseArgs } from "node:util";
import { OneproviderUsageError } from "../errors/error-classes.js";
import { describeExitCodes, EXIT_MEANING, type ExitCodes } from "./exit-codes.js";
import { closest } from "./suggest.js";

/** The tool's name, as users type it. */
export const program = "oneprovider-atm";

/** A bad command line: exit code 2, and the error line points at --help. */
export class UsageError extends OneproviderUsageError {}

/** The command whose help a usage error points to, set as it leaves the command. */
const commandOfError = new WeakMap<object, string>();
export const commandOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null ? commandOfError.get(error) : undefined;

/**
 * One option of a command: how it parses, how its help describes it, and what completes after it
 * (`values`, or file names with `files`). A value outside `values`, or one that is not the `number`
 * it must be, is a usage error before the command runs; a `number` reaches it as a number.
 */
export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: true;
  short?: string;
  /** The value's name in the help (`--interval MS`). */
  placeholder?: string;
  /** Its line in the help; further lines of it start with "\n". */
  help: string;
  values?: readonly string[];
  /** A number (`whole`: an integer, written in digits), from `min` (default: above 0) to `max`. */
  number?: { whole?: true; min?: number; max?: number };
  files?: true;
  /** The command cannot run without it. */
  required?: true;
  /** Parsed, but neither described nor completed (an option refused with a reason). */
  hidden?: true;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S["type"] extends "string"
  ? S["multiple"] extends true
    ? string[]
    : S["number"] extends object
      ? number
      : S["values"] extends readonly (infer V)[]
        ? V
        : string
  : boolean;
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: ValueOf<O[K]> };

/** What a command's `run` is given: its parsed options (its own and the shared ones) and arguments. */
export interface ParsedArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** The command line as given, for a command that hands part of it on (`schedule --watch`). */
  args: string[];
}

/**
 * The one record of a command: its parse options, its help and its completion all come from here.
 * `shared` options (the connection's) are parsed, described and completed like its own.
 */
export interface CommandSpec<O extends OptionSpecs, S extends OptionSpecs> {
  name: string;
  /** What follows the program's name in the Usage line. */
  usage: string;
  /** Its line in the tool's help, what to type and what it does; none when another line names it. */
  listing?: readonly [string, string];
  /** A function for a description that costs something to make: it is made only for the help. */
  description: string | (() => string);
  options: O;
  /**
   * Options shared with other commands: described under their heading, or only named when the tool's
   * help describes them (`inMainHelp`, the connection's).
   */
  shared?: { heading: string; options: S; inMainHelp?: true };
  /** The exit codes it can give beyond 0 and 2 (usage), with their meaning here. */
  exitCodes?: ExitCodes;
  /** How many arguments it takes (undefined: any number), and what to say otherwise. */
  positionals: { count: number | undefined; usage: string };
  run(parsed: ParsedArgs<O & S>, env: NodeJS.ProcessEnv): Promise<number>;
}

export interface Command {
  name: string;
  listing: readonly [string, string] | undefined;
  /** Its exit codes beyond success and usage, for the tool's help. */
  exitCodes: ExitCodes;
  help(): string;
  /** Every option it takes, as typed (`--json`), `--help` included. */
  flags(): string[];
  /** What completes after an option that takes a value. */
  completions(): Map<string, readonly string[] | "files">;
  run(args: string[], env: NodeJS.ProcessEnv): Promise<number>;
}

const helpOption = { help: { type: "boolean", short: "h", help: "this help" } } as const;

/** Option lines, aligned: `  --interval MS   first interval …`. */
export function describeOptions(described: OptionSpecs): string {
  const options = Object.fromEntries(Object.entries(described).filter(([, spec]) => !spec.hidden));
  const heads = Object.entries(options).map(
    ([name, spec]) => `  --${name}${spec.placeholder ? ` ${spec.placeholder}` : ""}`,
  );
  const width = Math.max(...heads.map((head) => head.length)) + 2;
  return Object.values(options)
    .map(
      (spec, index) =>
        `${heads[index]!.padEnd(width)}${spec.help.replaceAll("\n", `\n${" ".repeat(width)}`)}`,
    )
    .join("\n");
}

/** "a, b or c". */
const listed = (values: readonly string[], conjunction = "or") =>
  values.length > 1 ? `${values.slice(0, -1).join(", ")} ${conjunction} ${values.at(-1)}` : values.join("");

/** An option's value as the command gets it: one of its `values`, or its `number`; else a usage error. */
function checkedValue(name: string, option: OptionSpec, value: string): string | number {
  if (option.values && !option.values.includes(value))
    throw new UsageError(`--${name} takes ${listed(option.values)}, not "${value}"`);
  if (!option.number) return value;
  const { whole, min, max = Infinity } = option.number;
  const number = whole && !/^\d+$/.test(value) ? Number.NaN : Number(value);
  const inRange = min === undefined ? number > 0 : number >= min;
  if (!inRange || !Number.isFinite(number) || number > max)
    throw new UsageError(
      `--${name} takes ${
        !whole
          ? "a positive number"
          : max < Infinity
            ? `a whole number from ${min} to ${max}`
            : `a whole number of at least ${min ?? 1}`
      }, not "${value}"`,
    );
  return number;
}

/** A command made from its record. */
export function defineCommand<
  const O extends OptionSpecs,
  const S extends OptionSpecs = Record<never, never>,
>(spec: CommandSpec<O, S>): Command {
  const all: OptionSpecs = { ...spec.shared?.options, ...spec.options };
  const exitCodes = spec.exitCodes ?? {};
  const shared = spec.shared;
  const sharedHelp = !shared
    ? []
    : shared.inMainHelp
      ? [
          "",
          `${shared.heading.replace(/:$/, "")} options: ${Object.keys(shared.options)
            .filter((name) => !shared.options[name]!.hidden)
            .map((name) => `--${name}`)
            .join(", ")}\n  (described in '${program} --help')`,
        ]
      : ["", `${shared.heading}\n${describeOptions(shared.options)}`];
  const help = () =>
    [
      `Usage: ${program} ${spec.usage}`,
      "",
      (typeof spec.description === "function" ? spec.description() : spec.description) +
        (Object.keys(spec.options).length > 0 ? `\n${describeOptions(spec.options)}` : ""),
      ...sharedHelp,
      "",
      describeExitCodes({ 0: EXIT_MEANING[0], 2: EXIT_MEANING[2], ...exitCodes }),
    ].join("\n");
  const flags = () =>
    [
      ...Object.entries(all)
        .filter(([, option]) => !option.hidden)
        .map(([name]) => `--${name}`),
      "--help",
    ].sort();
  return {
    name: spec.name,
    listing: spec.listing,
    exitCodes,
    help,
    flags,
    completions: () => {
      const found = new Map<string, readonly string[] | "files">();
      for (const [name, option] of Object.entries(all)) {
        if (option.values) found.set(`--${name}`, option.values);
        else if (option.files) found.set(`--${name}`, "files");
      }
      return found;
    },
    async run(args, env) {
      try {
        return await runParsed(args, env);
      } catch (error) {
        if (error instanceof OneproviderUsageError && !commandOfError.has(error))
          commandOfError.set(error, spec.name);
        throw error;
      }
    },
  };

  async function runParsed(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
    {
      const options = Object.fromEntries(
        Object.entries({ ...all, ...helpOption } as OptionSpecs).map(([name, option]) => [
          name,
          {
            type: option.type,
            ...(option.multiple && { multiple: true }),
            ...(option.short !== undefined && { short: option.short }),
          },
        ]),
      );
      let parsed;
      try {
        parsed = parseArgs({ args, allowPositionals: true, options: options as never });
      } catch (error) {
        throw inOurWords(error, spec.name, all, flags());
      }
      if ((parsed.values as { help?: boolean }).help) {
        process.stdout.write(`${help()}\n`);
        return 0;
      }
      if (spec.positionals.count !== undefined && parsed.positionals.length !== spec.positionals.count)
        throw new UsageError(spec.positionals.usage);
      const values = parsed.values as Record<string, unknown>;
      for (const [name, option] of Object.entries(all))
        if (typeof values[name] === "string") values[name] = checkedValue(name, option, values[name]);
      const missing = Object.entries(all).filter(
        ([name, option]) => option.required && values[name] === undefined,
      );
      if (missing.length > 0)
        throw new UsageError(
          `${spec.name} needs ${listed(
            missing.map(([name, option]) => `--${name}${option.placeholder ? ` ${option.placeholder}` : ""}`),
            "and",
          )}`,
        );
      return spec.run({ values: parsed.values, positionals: parsed.positionals, args }, env);
    }
  }
}

/** Node's parser's complaint, in the tool's words: which option, and what was meant. */
function inOurWords(error: unknown, command: string, options: OptionSpecs, flags: string[]): unknown {
  const code = (error as { code?: unknown }).code;
  const quoted = /'([^']*)'/.exec(String((error as Error).message))?.[1] ?? "";
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const meant = closest(flag, flags);
    return new UsageError(`${command} has no option ${flag}${meant ? `; did you mean ${meant}?` : ""}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = options[flag.slice(2)];
    return new UsageError(
      option?.type === "string"
        ? `${flag} needs a value${option.placeholder ? `: ${flag} ${option.placeholder}` : ""}`
        : `${flag} takes no value`,
    );
  }
  return error;
}
