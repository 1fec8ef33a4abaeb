// @ts-check
/**
 * Installing the packed package the way a consumer does, offline: npm reads and writes only a cache
 * folder the caller made empty (never the machine's, so what passes here passes on a fresh machine),
 * and the package's dependencies come from tarballs packed out of this checkout's node_modules.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * npm with `cache` as its only cache, offline.
 * @param {string[]} args
 * @param {string} cwd
 * @param {string} cache
 */
export function npmIsolated(args, cwd, cache) {
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
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Where Node would find `name` when required from the installed package at `from`.
 * @param {string} name
 * @param {string} from
 * @param {string} root
 */
function resolveInstalled(name, from, root) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root || dir === path.dirname(dir))
      throw new Error(`${name} is not installed in node_modules: run npm ci first`);
  }
}

/**
 * The folders, inside the project's node_modules, of `names` and of everything they depend on: what a
 * consumer's offline install needs besides the package's own tarball.
 * @param {string[]} names
 * @param {string} [root]
 * @returns {string[]}
 */
export function installedClosure(names, root = projectRoot) {
  /** @type {Map<string, string>} */
  const found = new Map();
  const visit = (/** @type {string} */ name, /** @type {string} */ from) => {
    const dir = resolveInstalled(name, from, root);
    if (found.has(dir)) return;
    found.set(dir, name);
    /** @type {{ dependencies?: Record<string, string> }} */
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
  };
  for (const name of names) visit(name, root);
  return [...found.keys()];
}
