import { execFile } from "node:child_process";
import { describe, expect, test } from "vitest";
import { cli, runCli } from "../support/run-cli.js";

const provider = { baseUrl: "http://127.0.0.1:9/api/v3/oneprovider", token: "unused" };
const outputs: string[] = [];

/** What bash's completion offers for `words` (the last is the word being completed), after sourcing the script. */
function complete(words: string[]): Promise<string[]> {
  const script = `
    source <("${process.execPath}" "${cli}" completion bash)
    COMP_WORDS=(${words.map((word) => `'${word}'`).join(" ")})
    COMP_CWORD=${words.length - 1}
    _oneprovider_atm
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile("bash", ["-c", script], { env: { PATH: process.env.PATH } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.split("\n").filter(Boolean)),
    ),
  );
}

describe("shell completion, driven in a real bash", () => {
  test("commands, the rest-cli operations among them", async () => {
    expect(await complete(["oneprovider-atm", "l"])).toEqual(["ls", "logs", "listWorkflowExecutions"]);
    expect(await complete(["oneprovider-atm", "re"])).toEqual(
      expect.arrayContaining(["resume", "retry", "rerun", "resumeWorkflowExecution"]),
    );
  });

  test("each command's options, from its help", async () => {
    expect(await complete(["oneprovider-atm", "schedule", "--s"])).toEqual(["--schema", "--space"]);
    expect(await complete(["oneprovider-atm", "ls", "space", "--"])).toEqual(
      expect.arrayContaining(["--phase", "--long", "--limit", "--dry-run", "--host"]),
    );
    expect(await complete(["oneprovider-atm", "mock", "--"])).toEqual([
      "--help",
      "--port",
      "--release",
      "--seed",
      "--speed",
    ]);
  });

  test("the values of --phase and --log-level", async () => {
    expect(await complete(["oneprovider-atm", "ls", "space", "--phase", ""])).toEqual([
      "waiting",
      "ongoing",
      "suspended",
      "ended",
      "all",
    ]);
    expect(await complete(["oneprovider-atm", "ls", "space", "--phase", "s"])).toEqual(["suspended"]);
    expect(await complete(["oneprovider-atm", "schedule", "--log-level", "e"])).toEqual([
      "error",
      "emergency",
    ]);
  });

  test("zsh reuses the bash function through bashcompinit; fish gets its own complete lines", async () => {
    const zsh = await runCli(["completion", "zsh"], provider, outputs);
    expect(zsh.stdout).toContain("autoload -U +X bashcompinit && bashcompinit");
    expect(zsh.stdout).toContain("complete -F _oneprovider_atm oneprovider-atm");
    const fish = await runCli(["completion", "fish"], provider, outputs);
    expect(fish.stdout).toContain(
      'complete -c oneprovider-atm -n "__fish_seen_subcommand_from ls" -l phase -xa "waiting ongoing suspended ended all"',
    );
    expect(fish.stdout).toContain('complete -c oneprovider-atm -n __fish_use_subcommand -a "get watch ls');
    const bad = await runCli(["completion", "tcsh"], provider, outputs);
    expect(bad.code).toBe(2);
  });
});
