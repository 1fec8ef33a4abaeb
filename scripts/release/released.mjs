// @ts-check
/**
 * The last release, as the release step recorded it: etc/released/ holds a copy of the openapi.yaml
 * and of the API reports that were published with package.json's current version. It works on a clean
 * clone with no tags and no remote, and in a review the baseline is a file like any other. Written by
 * `npm run release:version` (scripts/release/version.mjs); absent until the first release, when every
 * part of the spec and of the API counts as added.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readReports } from "./api-reports.mjs";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** @param {string} projectRoot */
export const releasedDir = (projectRoot = root) => path.join(projectRoot, "etc/released");

/**
 * The recorded release, or undefined before the first one.
 * @param {string} projectRoot
 * @returns {{ version: string, spec: string, reports: Map<string, string> } | undefined}
 */
export function lastRelease(projectRoot = root) {
  const dir = releasedDir(projectRoot);
  const record = path.join(dir, "release.json");
  if (!existsSync(record)) return undefined;
  const { version } = JSON.parse(readFileSync(record, "utf8"));
  return { version, spec: path.join(dir, "openapi.yaml"), reports: readReports(path.join(dir, "api")) };
}

/**
 * Records the working tree's spec and reports as the release of `version`.
 * @param {string} version
 * @param {string} projectRoot
 */
export function recordRelease(version, projectRoot = root) {
  const dir = releasedDir(projectRoot);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "api"), { recursive: true });
  copyFileSync(path.join(projectRoot, "openapi.yaml"), path.join(dir, "openapi.yaml"));
  for (const file of readReports(path.join(projectRoot, "etc/api")).keys())
    copyFileSync(path.join(projectRoot, "etc/api", file), path.join(dir, "api", file));
  writeFileSync(path.join(dir, "release.json"), `${JSON.stringify({ version }, null, 2)}\n`);
}
