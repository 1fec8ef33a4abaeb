import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./spec.js";

const exec = promisify(execFile);

/**
 * npm, run so that it reads and writes only `cache` (a folder the caller made empty), never the
 * machine's npm cache: what passes here passes on a fresh machine.
 */
export function npmIsolated(args: string[], cwd: string, cache: string) {
  return exec("npm", args, {
    cwd,
    env: {
      ...process.env,
      npm_config_cache: cache,
      npm_config_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    },
  });
}

/** Where Node would find `name` when required from the installed package at `from`. */
function resolveInstalled(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === repoRoot || dir === path.dirname(dir))
      throw new Error(`${name} is not installed in node_modules: run npm ci first`);
  }
}

/**
 * The folders, inside the repository's node_modules, of `names` and of everything they depend on:
 * what a consumer's offline install needs besides the package's own tarball.
 */
export function installedClosure(names: string[]): string[] {
  const found = new Map<string, string>();
  const visit = (name: string, from: string) => {
    const dir = resolveInstalled(name, from);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
  };
  for (const name of names) visit(name, repoRoot);
  return [...found.keys()];
}
