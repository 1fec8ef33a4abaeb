// @ts-check
/**
 * What a browser app pays for the main entry: minified and gzipped by esbuild, openapi-fetch included,
 * printed beside openapi-fetch's own figure; and the installed size of the production dependencies.
 * Target: at most 4.5 kB.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/** @param {string} contents */
async function gzippedBundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
  });
  const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

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
const main = await gzippedBundle(`export * from "./dist/src/index.js";`);
const openapiFetch = await gzippedBundle(
  `export * from "openapi-fetch"; export { default } from "openapi-fetch";`,
);
const validate = await gzippedBundle(`export * from "./dist/src/validate.js";`);
const clientOnly = await gzippedBundle(`export { createOneproviderClient } from "./dist/src/index.js";`);
const production = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
  cwd: root,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .filter((folder) => path.resolve(folder) !== path.resolve(root));
const installed = production.reduce((sum, folder) => sum + folderSize(folder), 0);

console.log("size: esbuild --bundle --minify, then gzip -9");
console.log(
  `  main entry (all exports, openapi-fetch included)  ${kB(main.gzipped)} gz, ${kB(main.minified)} min (target <= 4.5 kB) ${main.gzipped <= 4500 ? "met" : "NOT MET"}`,
);
console.log(`  only createOneproviderClient imported (tree-shaken)  ${kB(clientOnly.gzipped)} gz`);
console.log(`  openapi-fetch alone                                ${kB(openapiFetch.gzipped)} gz`);
console.log(`  /validate (opt-in)                                 ${kB(validate.gzipped)} gz`);
console.log(
  `  production dependencies installed: ${production.map((folder) => path.relative(path.join(root, "node_modules"), folder)).join(", ")}: ${kB(installed)}`,
);
