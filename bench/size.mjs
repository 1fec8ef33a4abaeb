// @ts-check
/**
 * What a browser app pays, by what it imports: minified and gzipped by esbuild, printed beside
 * openapi-fetch's own figure; and the installed size of the production dependencies. Budgets: get
 * only 4.5 kB, get + wait + summarize 5.0 kB, the whole main entry 5.5 kB.
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
const entry = "./dist/src/index.js";
/** What an app pays, by what it imports; budgets leave room for the lifecycle operations to come. */
const consumers = [
  {
    name: "get only",
    code: `import { createOneproviderClient } from "${entry}"; const c = createOneproviderClient({ host: "h" }); c.getWorkflowExecution("w").then(console.log);`,
    budget: 4500,
  },
  {
    name: "get + wait + summarize",
    code: `import { createOneproviderClient, summarizeExecution } from "${entry}"; const c = createOneproviderClient({ host: "h" }); c.waitForWorkflowExecution("w").then((e) => console.log(summarizeExecution(e)));`,
    budget: 5000,
  },
  { name: "the whole main entry", code: `export * from "${entry}";`, budget: 5500 },
];
const openapiFetch = await gzippedBundle(
  `export * from "openapi-fetch"; export { default } from "openapi-fetch";`,
);
const raw = await gzippedBundle(`export * from "./dist/src/raw.js";`);
const auditLog = await gzippedBundle(`export * from "./dist/src/audit-log.js";`);
const validate = await gzippedBundle(`export * from "./dist/src/validate.js";`);
const production = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
  cwd: root,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .filter((folder) => path.resolve(folder) !== path.resolve(root));
const installed = production.reduce((sum, folder) => sum + folderSize(folder), 0);

console.log("size: esbuild --bundle --minify --platform=browser, then gzip -9");
for (const consumer of consumers) {
  const { gzipped } = await gzippedBundle(consumer.code);
  console.log(
    `  ${consumer.name.padEnd(36)} ${kB(gzipped)} gz  ${(gzipped / openapiFetch.gzipped).toFixed(2)}x openapi-fetch  (budget <= ${kB(consumer.budget)}) ${gzipped <= consumer.budget ? "met" : "NOT MET"}`,
  );
}
console.log(`  openapi-fetch alone                  ${kB(openapiFetch.gzipped)} gz`);
console.log(`  /raw (rawClient, openapi-fetch in it) ${kB(raw.gzipped)} gz`);
console.log(`  /audit-log (dumpAuditLog, the streaming parser in it) ${kB(auditLog.gzipped)} gz`);
console.log(`  /validate (opt-in)                   ${kB(validate.gzipped)} gz`);
console.log(
  `  production dependencies installed: ${production.map((folder) => path.relative(path.join(root, "node_modules"), folder)).join(", ")}: ${kB(installed)}`,
);
