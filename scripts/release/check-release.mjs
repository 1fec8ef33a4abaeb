// @ts-check
/**
 * `npm run check:release`, on a built tree (npm run build first): the API reports are up to date, the
 * pending changesets declare at least the bump that the spec diff and the API reports require, and
 * every bundle stays under its size ceiling. Exits 1 with the reasons when any of them fails.
 */
import { makeApiReports, readReports, root, staleReports } from "./api-reports.mjs";
import { checkSizes, describeSizes } from "./bundle-sizes.mjs";
import { guard } from "./semver-guard.mjs";

/** @type {string[]} */
const failures = [];
const say = (/** @type {string} */ text) => process.stdout.write(`${text}\n`);

/** @type {import("./api-reports.mjs").ApiReport[] | undefined} */
let reports;
try {
  reports = makeApiReports();
} catch (error) {
  failures.push(`api reports: ${error instanceof Error ? error.message : String(error)}`);
}
if (reports) {
  const stale = staleReports(reports, readReports());
  if (stale.length > 0) {
    process.stderr.write(stale.join("\n"));
    failures.push(
      `api reports: ${stale.length} of etc/api/ stale (difference above). If the change to the public API is meant, run \`npm run api:update\` and commit etc/api/.`,
    );
  } else say(`api reports: the ${reports.length} entry points match etc/api/`);

  const verdict = await guard({
    projectRoot: root,
    reports: new Map(reports.map((report) => [`${report.name}.api.md`, report.text])),
  });
  (verdict.ok ? say : (/** @type {string} */ line) => failures.push(line))(verdict.lines.join("\n"));
}

const sizes = await checkSizes();
const oversize = sizes.filter((result) => result.problems.length > 0);
const sizeReport = ["size ceilings (esbuild, minified, browser ESM, gzip -9):", ...describeSizes(sizes)].join(
  "\n",
);
if (oversize.length > 0) failures.push(sizeReport);
else say(sizeReport);

if (failures.length > 0) {
  process.stderr.write(`\n${failures.join("\n\n")}\n\ncheck:release failed\n`);
  process.exit(1);
}
say("check:release: ok");
