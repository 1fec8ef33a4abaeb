import { execFile } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./spec.js";

/** The built tool, as a user runs it. */
export const cli = path.join(repoRoot, "dist/src/cli/oneprovider-atm.cjs");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built tool as a child process against `provider` (its host and token in the environment),
 * with nothing else from this process's environment and `input` on its standard input; what it
 * printed is added to `outputs`.
 */
export function runCli(
  args: string[],
  provider: { baseUrl: string; token: string },
  outputs: string[],
  env: Record<string, string | undefined> = {},
  input = "",
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      {
        env: {
          PATH: process.env.PATH,
          ONEPROVIDER_HOST: new URL(provider.baseUrl).origin,
          ONEPROVIDER_API_KEY: provider.token,
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        outputs.push(stdout, stderr);
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
