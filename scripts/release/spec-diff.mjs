// @ts-check
/**
 * The difference between two versions of openapi.yaml, rated by `redocly diff` (the pinned
 * @redocly/cli; the command is marked experimental, so test/release/spec-diff.test.ts pins the shape of
 * its JSON report that this reads). Its rules are set in etc/redocly-diff.yaml, where the ones this
 * client does not follow are turned off with the reason.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const configFile = "etc/redocly-diff.yaml";

/** @typedef {"major" | "minor" | "patch" | "none"} Bump */
/**
 * @typedef {{ impact: Bump, kind: string, pointer: string, rules: string[], messages: string[] }} SpecChange
 *   one change: where (a JSON Pointer into the revision's paths), the rules that rated it, their words
 * @typedef {{ bump: Bump, summary: { major: number, minor: number, patch: number }, changes: SpecChange[] }} SpecDiff
 */

/** The diff rules turned off in etc/redocly-diff.yaml. */
export function skippedRules(projectRoot = root) {
  /** @type {{ diff?: Record<string, string> }} */
  const config = parse(readFileSync(path.join(projectRoot, configFile), "utf8"));
  return Object.entries(config.diff ?? {})
    .filter(([, severity]) => severity === "off")
    .map(([rule]) => rule);
}

/**
 * Rates the changes from `base` to `revision` (paths of two OpenAPI files).
 * @param {string} base
 * @param {string} revision
 * @param {{ projectRoot?: string }} [options]
 * @returns {Promise<SpecDiff>}
 */
export async function diffSpecs(base, revision, { projectRoot = root } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), "atm-spec-diff-"));
  const output = path.join(scratch, "diff.json");
  try {
    const { stderr } = await run(
      path.join(projectRoot, "node_modules/.bin/redocly"),
      [
        "diff",
        base,
        revision,
        "--config",
        path.join(projectRoot, configFile),
        "--format",
        "json",
        "--fail-on",
        "none",
        "--output",
        output,
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    // Without its rules the diff rates every change a patch, and says so only on stderr.
    if (/No diff rules are on/.test(stderr)) throw new Error(`${configFile} turns on no diff rules`);
    return parseDiffReport(JSON.parse(readFileSync(output, "utf8")));
  } catch (error) {
    const stderr = /** @type {{ stderr?: string }} */ (error).stderr;
    const reason =
      stderr?.replace(/^.*[║╔╚].*$/gm, "").trim() || (error instanceof Error ? error.message : String(error));
    throw new Error(`redocly diff ${path.basename(base)} ${path.basename(revision)} failed: ${reason}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const bumps = ["none", "patch", "minor", "major"];

/**
 * Reads `redocly diff --format json`: it must say `bump`, `summary` and, for each change, `impact`,
 * `kind`, `path` and `verdicts` (rule ids and messages). A report of another shape is an error, not a
 * quiet "no change".
 * @param {any} report
 * @returns {SpecDiff}
 */
export function parseDiffReport(report) {
  const shape = (/** @type {boolean} */ ok, /** @type {string} */ what) => {
    if (!ok) throw new Error(`redocly diff's JSON report has changed shape: ${what}`);
  };
  shape(
    report?.reportVersion === "1",
    `reportVersion ${JSON.stringify(report?.reportVersion)}, expected "1"`,
  );
  shape(Array.isArray(report.changes), "no changes array");
  // With no change at all, the report has no bump.
  shape(
    bumps.includes(report.bump) || (report.bump === undefined && report.changes.length === 0),
    `bump ${JSON.stringify(report.bump)}`,
  );
  /** @type {SpecChange[]} */
  const changes = report.changes.map((/** @type {any} */ change) => {
    shape(
      bumps.includes(change?.impact) && typeof change.path === "string",
      `change ${JSON.stringify(change)?.slice(0, 200)}`,
    );
    const verdicts = Array.isArray(change.verdicts) ? change.verdicts : [];
    return {
      impact: change.impact,
      kind: String(change.kind),
      pointer: String(change.path).replace(/^#/, "") + (change.property ? `/${change.property}` : ""),
      rules: verdicts.map((/** @type {any} */ verdict) => String(verdict.ruleId)),
      messages: verdicts.map((/** @type {any} */ verdict) => String(verdict.message)),
    };
  });
  const { major = 0, minor = 0, patch = 0 } = report.summary ?? {};
  return { bump: report.bump ?? "none", summary: { major, minor, patch }, changes };
}

/**
 * One line per change, most severe first: what the guard and the changelog print.
 * @param {SpecDiff} diff
 */
export function describeSpecChanges(diff) {
  return [...diff.changes]
    .sort((a, b) => bumps.indexOf(b.impact) - bumps.indexOf(a.impact))
    .map((change) => {
      const rules =
        change.rules.length > 0
          ? change.rules.join(", ")
          : `${change.kind} (no rule: Redocly rates every ${change.kind} change ${change.impact})`;
      const words = change.messages.length > 0 ? `: ${change.messages.join(" ")}` : "";
      return `${change.impact} ${rules} at ${change.pointer}${words}`;
    });
}
