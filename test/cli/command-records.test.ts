import { describe, expect, test } from "vitest";
import { commands } from "../../src/cli/commands/index.js";

// One record per command gives its parse options, its help and its completion: they cannot disagree.
describe.each(commands.map((command) => [command.name, command] as const))("%s", (_name, command) => {
  test("its help describes every option it completes; the connection's it names, and the tool's help describes", async () => {
    const help = command.help();
    const { connectionOptions } = await import("../../src/cli/connection.js");
    const { mainHelp } = await import("../../src/cli/help.js");
    for (const flag of command.flags()) {
      if (flag === "--help") continue;
      if (
        Object.hasOwn(connectionOptions, flag.slice(2)) &&
        help.includes("(described in 'oneprovider-atm --help')")
      ) {
        expect(help).toMatch(new RegExp(`${flag}\\b`));
        expect(mainHelp(commands)).toMatch(new RegExp(`^  ${flag}\\b`, "m"));
      } else expect(help).toMatch(new RegExp(`^  ${flag}\\b`, "m"));
    }
  });

  test("it parses every option it completes", async () => {
    // --help stops before any work; an option the parser did not know would fail first.
    for (const flag of command.flags()) {
      const takesValue = !/^--(json|long|follow|watch|bearer|insecure|dry-run|help)$/.test(flag);
      const args = takesValue ? [flag, "x", "--help"] : [flag, "--help"];
      const printed: string[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((text: string) => (printed.push(text), true)) as typeof process.stdout.write;
      try {
        expect(await command.run(args, {})).toBe(0);
      } finally {
        process.stdout.write = write;
      }
      expect(printed.join("")).toContain(`Usage: oneprovider-atm ${command.name}`);
    }
  });

  test("the values it completes are the ones its help names", () => {
    for (const [, values] of command.completions())
      if (values !== "files") for (const value of values) expect(command.help()).toContain(value);
  });
});

test("every command is listed in the tool's help, alone or with its group", async () => {
  const { mainHelp } = await import("../../src/cli/help.js");
  const help = mainHelp(commands);
  for (const command of commands)
    if (!/^[a-z]+[A-Z]/.test(command.name)) expect(help).toMatch(new RegExp(`\\b${command.name}\\b`));
});
