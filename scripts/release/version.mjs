// @ts-check
/**
 * The release step, `npm run release:version`: turns the pending changesets into the next version and
 * its CHANGELOG entry (`changeset version`), adds to that entry what changed in openapi.yaml (the
 * spec diff's summary against the last release), brings package-lock.json's own version and the
 * client's PACKAGE_VERSION (its user-agent) along, and
 * records the spec and API reports of this release in etc/released/ as the semver guard's next
 * baseline. Run it on a tree that passes `npm test`; commit what it writes.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "yaml";
import { lastRelease, recordRelease } from "./released.mjs";
import { describeSpecChanges, diffSpecs } from "./spec-diff.mjs";

const run = promisify(execFile);

/**
 * The paragraph the CHANGELOG entry gets about the spec, or undefined when it did not change.
 * @param {string} projectRoot
 */
export async function specChangelog(projectRoot) {
  const specPath = path.join(projectRoot, "openapi.yaml");
  const spec = parse(readFileSync(specPath, "utf8"));
  const release = lastRelease(projectRoot);
  const heading = `### openapi.yaml (spec version ${spec.info.version})`;
  if (!release) {
    const operations = Object.values(spec.paths ?? {}).flatMap((item) => Object.keys(item ?? {}));
    return `${heading}\n\nThe first release of the spec: ${operations.length} operations.\n`;
  }
  const diff = await diffSpecs(release.spec, specPath, { projectRoot });
  if (diff.changes.length === 0) return undefined;
  const { major, minor, patch } = diff.summary;
  const lines = describeSpecChanges(diff).map((line) => `- ${line}`);
  return `${heading}\n\n\`redocly diff\` against ${release.version}: ${major} major · ${minor} minor · ${patch} patch, requires a ${diff.bump} bump.\n\n${lines.join("\n")}\n`;
}

/**
 * @param {string} projectRoot
 * @returns {Promise<{ from: string, to: string, entry: string }>}
 */
export async function releaseVersion(projectRoot) {
  const readJson = (/** @type {string} */ file) =>
    JSON.parse(readFileSync(path.join(projectRoot, file), "utf8"));
  const from = readJson("package.json").version;
  const spec = await specChangelog(projectRoot);
  await run(path.join(projectRoot, "node_modules/.bin/changeset"), ["version"], { cwd: projectRoot });
  const to = readJson("package.json").version;
  if (to === from) throw new Error(`no pending changesets: the version stays ${from}, nothing to release`);

  const changelogPath = path.join(projectRoot, "CHANGELOG.md");
  const changelog = readFileSync(changelogPath, "utf8");
  const heading = `## ${to}\n`;
  const start = changelog.indexOf(heading);
  if (start < 0) throw new Error(`CHANGELOG.md has no "## ${to}" heading after changeset version`);
  const next = changelog.indexOf("\n## ", start + heading.length);
  const end = next < 0 ? changelog.length : next + 1;
  const entry = `${changelog.slice(start, end).trimEnd()}\n${spec ? `\n${spec}` : ""}`;
  writeFileSync(
    changelogPath,
    `${changelog.slice(0, start)}${entry}${next < 0 ? "" : `\n${changelog.slice(end)}`}`,
  );

  // The version the client names in its user-agent.
  const versionModule = path.join(projectRoot, "src/client/package-version.ts");
  const versionSource = readFileSync(versionModule, "utf8");
  const bumped = versionSource.replace(
    /PACKAGE_VERSION = "[^"]*"/,
    `PACKAGE_VERSION = ${JSON.stringify(to)}`,
  );
  if (bumped === versionSource && !versionSource.includes(`"${to}"`))
    throw new Error("src/client/package-version.ts has no PACKAGE_VERSION to bring along");
  writeFileSync(versionModule, bumped);

  const lockPath = path.join(projectRoot, "package-lock.json");
  const lock = readJson("package-lock.json");
  lock.version = to;
  if (lock.packages?.[""]) lock.packages[""].version = to;
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);

  recordRelease(to, projectRoot);
  return { from, to, entry };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  releaseVersion(root).then(
    ({ from, to, entry }) =>
      process.stdout.write(
        `release: ${from} → ${to}; CHANGELOG.md entry:\n\n${entry}\nRecorded etc/released/ as the baseline of ${to}. Commit, then publish (docs/RELEASING.md).\n`,
      ),
    (error) => {
      process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
