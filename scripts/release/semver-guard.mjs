// @ts-check
/**
 * The semver guard: the bump a change needs against the bump its changesets declare.
 *
 * Required: the larger of the spec diff's (redocly diff, scripts/release/spec-diff.mjs) and the API
 * reports' (only added lines: minor; a removed or changed line: major) against the last release
 * (scripts/release/released.mjs). Before 1.0.0 a major change counts as minor, as semver's "anything
 * may change" is read by npm's caret ranges (^0.3.0 accepts 0.3.x only).
 * Declared: the largest bump the pending changesets give this package (`changeset status`).
 *
 * It fails, naming the spec diff's rule ids and the report lines, when the declared bump is lower than
 * the required one, or when the spec or the API changed and no changeset says so.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { diffLines } from "diff";
import { lastRelease } from "./released.mjs";
import { describeSpecChanges, diffSpecs } from "./spec-diff.mjs";

const run = promisify(execFile);
const order = ["none", "patch", "minor", "major"];
/** @typedef {import("./spec-diff.mjs").Bump} Bump */
/** @typedef {import("./spec-diff.mjs").SpecDiff} SpecDiff */

/** @param {Bump[]} bumps @returns {Bump} */
export const largest = (...bumps) =>
  /** @type {Bump} */ (order[Math.max(0, ...bumps.map((bump) => order.indexOf(bump)))]);

/**
 * @typedef {{ file: string, added: string[], removed: string[] }} ReportChange
 *   a report's lines that are not in the release (added) and the release's that are not in it (removed)
 */

/**
 * Compares the reports line by line. Blank lines do not count.
 * @param {Map<string, string>} released  file name → text (empty before the first release)
 * @param {Map<string, string>} current
 * @returns {ReportChange[]}
 */
export function compareReports(released, current) {
  const files = [...new Set([...released.keys(), ...current.keys()])].sort();
  return files
    .map((file) => {
      /** @type {string[]} */
      const added = [];
      /** @type {string[]} */
      const removed = [];
      for (const part of diffLines(released.get(file) ?? "", current.get(file) ?? "")) {
        if (!part.added && !part.removed) continue;
        const lines = part.value.split("\n").filter((line) => line.trim() !== "");
        (part.added ? added : removed).push(...lines);
      }
      return { file, added, removed };
    })
    .filter((change) => change.added.length > 0 || change.removed.length > 0);
}

/**
 * The bump the reports' changes need: a removed or changed line is major, added lines alone minor.
 * @param {ReportChange[]} changes
 * @returns {Bump}
 */
export function reportsBump(changes) {
  if (changes.some((change) => change.removed.length > 0)) return "major";
  return changes.length > 0 ? "minor" : "none";
}

/**
 * Before 1.0.0 a major change is released as a minor one.
 * @param {Bump} bump
 * @param {string} version  the current version in package.json
 * @returns {Bump}
 */
export function effectiveBump(bump, version) {
  return bump === "major" && /^0\./.test(version) ? "minor" : bump;
}

/**
 * The largest bump the pending changesets declare for `packageName`, from `changeset status`.
 * @param {string} projectRoot
 * @param {string} packageName
 * @returns {Promise<{ bump: Bump, changesets: string[] }>}
 */
export async function declaredBump(projectRoot, packageName) {
  const scratch = mkdtempSync(path.join(tmpdir(), "atm-changesets-"));
  const output = path.join(scratch, "status.json");
  try {
    const result = await run(
      path.join(projectRoot, "node_modules/.bin/changeset"),
      ["status", "--output", output],
      {
        cwd: projectRoot,
      },
    ).catch((/** @type {{ stderr?: string }} */ error) => error);
    // With files changed since `main` and no changeset, `changeset status` writes no report and says
    // so: nothing is declared, and the guard judges whether something should have been.
    if (/no changesets were found/.test(result.stderr ?? "")) return { bump: "none", changesets: [] };
    /** @type {{ changesets: { id: string, releases: { name: string, type: Bump }[] }[] }} */
    let status;
    try {
      status = JSON.parse(readFileSync(output, "utf8"));
    } catch {
      throw new Error(
        `\`changeset status\` wrote no report: ${String(result.stderr ?? "").trim() || "is .changeset/ set up?"}`,
      );
    }
    const ours = status.changesets.filter((changeset) =>
      changeset.releases.some((release) => release.name === packageName),
    );
    return {
      bump: largest(
        ...ours.flatMap((changeset) =>
          changeset.releases.filter((release) => release.name === packageName).map((release) => release.type),
        ),
      ),
      changesets: ours.map((changeset) => changeset.id),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * @typedef {{
 *   ok: boolean,
 *   required: Bump, declared: Bump, specBump: Bump, reportsBump: Bump,
 *   specDiff: SpecDiff | undefined, reportChanges: ReportChange[],
 *   changesets: string[], baseline: string, lines: string[],
 * }} Verdict
 */

/**
 * Judges a change from its parts; pure, so that tests can plant any combination.
 * @param {{ version: string, baseline: string, specDiff: SpecDiff | undefined, specIsNew: boolean, reportChanges: ReportChange[], declared: Bump, changesets: string[] }} input
 *   `specDiff` undefined with `specIsNew` true: no release yet, every operation is added
 * @returns {Verdict}
 */
export function judge({ version, baseline, specDiff, specIsNew, reportChanges, declared, changesets }) {
  const specBump = specIsNew ? "minor" : (specDiff?.bump ?? "none");
  const apiBump = reportsBump(reportChanges);
  const required = effectiveBump(largest(specBump, apiBump), version);
  const lines = [];
  const changed = specBump !== "none" || apiBump !== "none";
  const ok = order.indexOf(declared) >= order.indexOf(required) && (!changed || declared !== "none");
  lines.push(
    `semver guard: against ${baseline}: the spec needs ${specBump}, the API reports need ${apiBump}` +
      `${required !== largest(specBump, apiBump) ? ` (${largest(specBump, apiBump)} counts as ${required} before 1.0)` : ""}; ` +
      `required ${required}, declared ${declared}${changesets.length > 0 ? ` (${changesets.join(", ")})` : " (no changeset)"}`,
  );
  if (!ok) {
    lines.push(
      declared === "none"
        ? `  The spec or the public API changed and no changeset says so: run \`npx changeset\` and choose ${required}.`
        : `  The changesets declare ${declared}, lower than the ${required} this change needs: make one of them ${required}.`,
    );
    if (specIsNew)
      lines.push("  spec: no release recorded in etc/released/: every operation counts as added (minor)");
    for (const line of specDiff ? describeSpecChanges(specDiff) : []) lines.push(`  spec: ${line}`);
    for (const change of reportChanges) {
      for (const line of change.removed) lines.push(`  ${change.file} (major): - ${line.trim()}`);
      for (const line of change.added) lines.push(`  ${change.file} (minor): + ${line.trim()}`);
    }
  }
  return {
    ok,
    required,
    declared,
    specBump,
    reportsBump: apiBump,
    specDiff,
    reportChanges,
    changesets,
    baseline,
    lines,
  };
}

/**
 * The guard on a project folder: its working tree against its recorded release.
 * @param {{ projectRoot: string, reports: Map<string, string> }} input  the fresh API reports, by file name
 * @returns {Promise<Verdict>}
 */
export async function guard({ projectRoot, reports }) {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8"));
  const release = lastRelease(projectRoot);
  const [specDiff, declared] = await Promise.all([
    release ? diffSpecs(release.spec, path.join(projectRoot, "openapi.yaml"), { projectRoot }) : undefined,
    declaredBump(projectRoot, pkg.name),
  ]);
  return judge({
    version: pkg.version,
    baseline: release
      ? `the release of ${release.version} (etc/released/)`
      : "no release yet (etc/released/ is empty)",
    specDiff,
    specIsNew: !release,
    reportChanges: compareReports(release?.reports ?? new Map(), reports),
    declared: declared.bump,
    changesets: declared.changesets,
  });
}
