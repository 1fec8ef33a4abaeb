import { EXIT } from "../exit-codes.js";
import { defineCommand, program, UsageError, type Command } from "../command.js";

/** Each option that takes a value from a list, with the list, across every command. */
function valueLists(commands: Command[]): Map<string, string> {
  const lists = new Map<string, string>();
  for (const command of commands)
    for (const [flag, values] of command.completions())
      if (values !== "files") lists.set(flag, values.join(" "));
  return lists;
}

/** The options after which a file name completes. */
function fileOptions(commands: Command[]): string[] {
  const flags = new Set<string>();
  for (const command of commands)
    for (const [flag, values] of command.completions()) if (values === "files") flags.add(flag);
  return [...flags].sort();
}

function bash(commands: Command[]): string {
  const name = `_${program.replaceAll("-", "_")}`;
  const cases = commands
    .map((command) => `    ${command.name}) opts="${command.flags().join(" ")}" ;;`)
    .join("\n");
  const values = [...valueLists(commands)]
    .map(([flag, list]) => `    ${flag}) COMPREPLY=( $(compgen -W "${list}" -- "$cur") ); return 0 ;;`)
    .join("\n");
  return `# ${program} completion for bash: source <(${program} completion bash)
${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((command) => command.name).join(" ")}" -- "$cur") )
    return 0
  fi
  case "$prev" in
${values}
    ${fileOptions(commands).join("|")}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F ${name} ${program}
`;
}

function zsh(commands: Command[]): string {
  // zsh runs the bash completion through its own bashcompinit, as many tools do.
  return `# ${program} completion for zsh: source <(${program} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(commands).split("\n").slice(1).join("\n")}`;
}

function fish(commands: Command[]): string {
  const lines = [
    `# ${program} completion for fish: ${program} completion fish | source`,
    `complete -c ${program} -f`,
    `complete -c ${program} -n __fish_use_subcommand -a "${commands.map((command) => command.name).join(" ")}"`,
  ];
  for (const command of commands) {
    const completions = command.completions();
    for (const flag of command.flags()) {
      const values = completions.get(flag);
      const after = values === "files" ? " -rF" : values ? ` -xa "${values.join(" ")}"` : "";
      lines.push(
        `complete -c ${program} -n "__fish_seen_subcommand_from ${command.name}" -l ${flag.slice(2)}${after}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `completion bash|zsh|fish`: a script that completes commands, each command's options and the values
 * of those that take one from a list, all read from the commands' records.
 */
export function completion(commands: () => Command[]) {
  return defineCommand({
    name: "completion",
    usage: "completion bash|zsh|fish",
    listing: ["completion bash|zsh|fish", "a shell completion script"],
    description: `Prints a script that completes commands, options, and the values of phases and log levels.
  bash:  source <(${program} completion bash)      (in ~/.bashrc)
  zsh:   source <(${program} completion zsh)       (in ~/.zshrc)
  fish:  ${program} completion fish | source       (in ~/.config/fish/config.fish)`,
    options: {},
    positionals: { count: 1, usage: "completion takes bash, zsh or fish" },
    async run({ positionals }) {
      const shell = positionals[0];
      const scripts = { bash, zsh, fish } as const;
      if (shell !== "bash" && shell !== "zsh" && shell !== "fish")
        throw new UsageError(`completion takes bash, zsh or fish, not "${shell}"`);
      process.stdout.write(scripts[shell](commands()));
      return EXIT.ok;
    },
  });
}
