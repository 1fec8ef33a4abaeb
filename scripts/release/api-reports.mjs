// @ts-check
/**
 * The API report of every entry point in package.json's "exports", made by API Extractor from the built
 * declarations (run `npm run build` first) with the settings in etc/api-extractor.json.
 *
 *   node scripts/release/api-reports.mjs            check: fail, printing the difference, when a report in etc/api/ is stale
 *   node scripts/release/api-reports.mjs --update   write the reports (npm run api:update)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTwoFilesPatch } from "diff";

const require = createRequire(import.meta.url);
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const reportsDir = path.join(root, "etc/api");

/**
 * The entry points, by report name: "." is `index`, "./raw" is `raw`.
 * @param {string} projectRoot
 * @returns {{ name: string, subpath: string, types: string }[]}
 */
export function entryPoints(projectRoot = root) {
  const { exports } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8"));
  return Object.entries(exports)
    .filter(([, target]) => typeof target === "object" && target !== null && "types" in target)
    .map(([subpath, target]) => ({
      name: subpath === "." ? "index" : subpath.replace(/^\.\//, "").replaceAll("/", "-"),
      subpath,
      types: path.join(projectRoot, /** @type {{ types: string }} */ (target).types),
    }));
}

/** @typedef {{ name: string, subpath: string, text: string }} ApiReport */

/**
 * Makes the report of every entry point, in memory. Throws with every message API Extractor raised
 * (a type users cannot import by name, a declaration it cannot read) when there is any.
 * @param {string} projectRoot
 * @returns {ApiReport[]}
 */
export function makeApiReports(projectRoot = root) {
  /** @type {typeof import("@microsoft/api-extractor")} */
  const { CompilerState, Extractor, ExtractorConfig } = require("@microsoft/api-extractor");
  const scratch = mkdtempSync(path.join(tmpdir(), "atm-api-"));
  try {
    const entries = entryPoints(projectRoot);
    const base = ExtractorConfig.loadFile(path.join(projectRoot, "etc/api-extractor.json"));
    const configFor = (/** @type {{ name: string, types: string }} */ entry) =>
      ExtractorConfig.prepare({
        configObject: {
          ...base,
          projectFolder: projectRoot,
          mainEntryPointFilePath: entry.types,
          apiReport: {
            ...base.apiReport,
            enabled: true,
            reportFileName: entry.name,
            reportFolder: scratch,
            reportTempFolder: scratch,
          },
        },
        configObjectFullPath: path.join(projectRoot, "etc/api-extractor.json"),
        packageJsonFullPath: path.join(projectRoot, "package.json"),
      });
    // One compiler program for every entry: building it is most of the cost.
    const first = entries[0];
    if (!first) throw new Error("package.json has no entry point with types");
    const compilerState = CompilerState.create(configFor(first), {
      additionalEntryPoints: entries.map((entry) => entry.types),
    });
    const mainEntry = entries.find((entry) => entry.subpath === ".");
    const importableFromMain = mainEntry ? exportNames(compilerState.program, mainEntry.types) : new Set();
    /** @type {string[]} */
    const problems = [];
    const reports = entries.map((entry) => {
      const result = Extractor.invoke(configFor(entry), {
        localBuild: true,
        compilerState,
        messageCallback(message) {
          message.handled = true;
          // A type another entry uses is importable by name when the main entry exports it: a
          // subpath entry re-exports what its own signatures name, not everything those types name.
          const forgotten = /^The symbol "([^"]+)"/.exec(message.text)?.[1];
          if (message.messageId === "ae-forgotten-export" && forgotten && importableFromMain.has(forgotten)) {
            message.logLevel = /** @type {any} */ ("none");
            return;
          }
          if (message.logLevel === "error" || message.logLevel === "warning") {
            const where = message.sourceFilePath
              ? `${path.relative(projectRoot, message.sourceFilePath)}:${message.sourceFileLine}`
              : entry.subpath;
            problems.push(`${entry.subpath}: ${message.messageId} at ${where}: ${message.text}`);
          }
        },
      });
      if (!result.succeeded && problems.length === 0) problems.push(`${entry.subpath}: API Extractor failed`);
      return {
        name: entry.name,
        subpath: entry.subpath,
        text: readFileSync(path.join(scratch, `${entry.name}.api.md`), "utf8"),
      };
    });
    if (problems.length > 0)
      throw new Error(`API Extractor:\n${problems.map((line) => `  ${line}`).join("\n")}`);
    return reports;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The names a declaration file exports.
 * @param {any} program  the TypeScript program API Extractor built
 * @param {string} file
 * @returns {Set<string>}
 */
function exportNames(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  return new Set(
    module
      ? checker.getExportsOfModule(module).map((/** @type {{ name: string }} */ symbol) => symbol.name)
      : [],
  );
}

/**
 * The checked-in reports, by file name.
 * @param {string} dir
 * @returns {Map<string, string>}
 */
export function readReports(dir = reportsDir) {
  /** @type {Map<string, string>} */
  const found = new Map();
  let files = [];
  try {
    files = readdirSync(dir);
  } catch {
    return found;
  }
  for (const file of files.filter((name) => name.endsWith(".api.md")))
    found.set(file, readFileSync(path.join(dir, file), "utf8"));
  return found;
}

/**
 * What differs between the checked-in reports and fresh ones, as unified diffs; empty when they agree.
 * @param {ApiReport[]} fresh
 * @param {Map<string, string>} checkedIn
 */
export function staleReports(fresh, checkedIn) {
  const freshFiles = new Map(fresh.map((report) => [`${report.name}.api.md`, report.text]));
  const files = [...new Set([...freshFiles.keys(), ...checkedIn.keys()])].sort();
  return files
    .filter((file) => freshFiles.get(file) !== checkedIn.get(file))
    .map((file) =>
      createTwoFilesPatch(
        `etc/api/${file}`,
        `etc/api/${file}`,
        checkedIn.get(file) ?? "",
        freshFiles.get(file) ?? "",
        "checked in",
        "built",
      ),
    );
}

function main() {
  const update = process.argv.includes("--update");
  /** @type {ApiReport[]} */
  let fresh;
  try {
    fresh = makeApiReports();
  } catch (error) {
    process.stderr.write(`api reports: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  if (update) {
    const checkedIn = readReports();
    for (const file of checkedIn.keys())
      if (!fresh.some((report) => `${report.name}.api.md` === file)) rmSync(path.join(reportsDir, file));
    for (const report of fresh) writeFileSync(path.join(reportsDir, `${report.name}.api.md`), report.text);
    process.stdout.write(
      `api reports: wrote ${fresh.map((report) => `etc/api/${report.name}.api.md`).join(", ")}\n`,
    );
    return;
  }
  const stale = staleReports(fresh, readReports());
  if (stale.length > 0) {
    process.stderr.write(stale.join("\n"));
    process.stderr.write(
      `\napi reports: ${stale.length} stale. If the change to the public API is meant, run \`npm run api:update\`, commit etc/api/, and add a changeset with the bump it needs.\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`api reports: ${fresh.length} entry points match etc/api/\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
