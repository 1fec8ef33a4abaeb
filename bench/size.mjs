// @ts-check
/**
 * What a browser app pays, by what it imports (minified and gzipped by esbuild, as the release guard
 * measures it, against the ceilings in etc/size-ceilings.json), printed beside openapi-fetch's own
 * figure; and the installed size of the production dependencies.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { checkSizes, describeSizes, measureBundle, root } from "../scripts/release/bundle-sizes.mjs";

/** @param {string} folder @returns {number} */
function folderSize(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? folderSize(full) : statSync(full).size;
  }
  return total;
}

const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const openapiFetch = await measureBundle(
  `export * from "openapi-fetch"; export { default } from "openapi-fetch";`,
);
const production = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
  cwd: root,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .filter((folder) => path.resolve(folder) !== path.resolve(root));
const installed = production.reduce((sum, folder) => sum + folderSize(folder), 0);

console.log("size: esbuild --bundle --minify --platform=browser, then gzip -9");
for (const line of describeSizes(await checkSizes())) console.log(line);
console.log(`  openapi-fetch alone                 ${kB(openapiFetch.gzipped)} gz`);
console.log(
  `  production dependencies installed: ${production.map((folder) => path.relative(path.join(root, "node_modules"), folder)).join(", ")}: ${kB(installed)}`,
);
