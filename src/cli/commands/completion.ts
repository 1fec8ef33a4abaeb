import {
  ATM_WORKFLOW_EXECUTION_PHASE_VALUES,
  AUDIT_LOG_SEVERITY_VALUES,
} from "../../../generated/enum-values.js";
import { EXIT } from "../exit-codes.js";
import { help, program, type HelpTopic } from "../help.js";
import { parseCommand, UsageError } from "../parse-command.js";

const phases = [...ATM_WORKFLOW_EXECUTION_PHASE_VALUES, "all"].join(" ");
const severities = AUDIT_LOG_SEVERITY_VALUES.join(" ");
const untils = "stopped ended";

/** Each command's options, read from its help text: what the help promises is what completes. */
function optionsOf(command: string): string[] {
  const topic: HelpTopic = command in help ? (command as HelpTopic) : "rest";
  return [...new Set([...help[topic].matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0])), "--help"].sort();
}

function bash(commands: string[]): string {
  const name = `_${program.replaceAll("-", "_")}`;
  const cases = commands
    .map((command) => `    ${command}) opts="${optionsOf(command).join(" ")}" ;;`)
    .join("\n");
  return `# ${program} completion for bash: source <(${program} completion bash)
${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.join(" ")}" -- "$cur") )
    return 0
  fi
  case "$prev" in
    --phase) COMPREPLY=( $(compgen -W "${phases}" -- "$cur") ); return 0 ;;
    --log-level|--level) COMPREPLY=( $(compgen -W "${severities}" -- "$cur") ); return 0 ;;
    --until) COMPREPLY=( $(compgen -W "${untils}" -- "$cur") ); return 0 ;;
    --token-file|--cacert|--input) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F ${name} ${program}
`;
}

function zsh(commands: string[]): string {
  // zsh runs the bash completion through its own bashcompinit, as many tools do.
  return `# ${program} completion for zsh: source <(${program} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(commands).split("\n").slice(1).join("\n")}`;
}

function fish(commands: string[]): string {
  const lines = [
    `# ${program} completion for fish: ${program} completion fish | source`,
    `complete -c ${program} -f`,
    `complete -c ${program} -n __fish_use_subcommand -a "${commands.join(" ")}"`,
  ];
  for (const command of commands) {
    for (const option of optionsOf(command)) {
      const flag = option.slice(2);
      const values =
        flag === "phase"
          ? phases
          : flag === "log-level" || flag === "level"
            ? severities
            : flag === "until"
              ? untils
              : undefined;
      lines.push(
        `complete -c ${program} -n "__fish_seen_subcommand_from ${command}" -l ${flag}${values ? ` -xa "${values}"` : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `completion bash|zsh|fish`: a script that completes commands, options, and the values of --phase and --log-level. */
export function completion(commands: () => string[]) {
  return async (args: string[]): Promise<number> => {
    const parsed = parseCommand(
      args,
      "completion",
      {},
      { count: 1, usage: "completion takes bash, zsh or fish" },
    );
    if (!parsed) return EXIT.ok;
    const shell = parsed.positionals[0];
    const scripts = { bash, zsh, fish } as const;
    if (shell !== "bash" && shell !== "zsh" && shell !== "fish")
      throw new UsageError(`completion takes bash, zsh or fish, not "${shell}"`);
    process.stdout.write(scripts[shell](commands()));
    return EXIT.ok;
  };
}
