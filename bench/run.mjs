// @ts-check
/** `npm run bench`: every benchmark, one after the other, each printing its own ratios. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches = [
  "generate.mjs",
  "client.mjs",
  "node-client.mjs",
  "helpers.mjs",
  "lifecycle.mjs",
  "cli.mjs",
  "cli-ls.mjs",
  "size.mjs",
];
let failed = false;
for (const bench of benches) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(bench, import.meta.url))], {
    stdio: "inherit",
  });
  failed ||= result.status !== 0;
  console.log();
}
process.exit(failed ? 1 : 0);
