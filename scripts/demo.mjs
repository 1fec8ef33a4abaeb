#!/usr/bin/env node
// @ts-check
/**
 * The main job's last step (`npm start`, after the pipeline and the build): the lifecycle on the
 * embedded mock Oneprovider, driven by the built command-line tool as a person would drive it.
 * Schedule the schema whose second lane fails, watch it fail, print the audit log's last entries,
 * retry the failed run, watch it to `finished`, and stop the mock. Exits 0 only if it all went so.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @type {typeof import("../src/mock/index.js")} */
const { startMockOneprovider } = await import(new URL("../dist/src/mock/index.js", import.meta.url).href);
const cli = fileURLToPath(new URL("../dist/src/cli/oneprovider-atm.cjs", import.meta.url));

const mock = await startMockOneprovider({ scenarios: [], speed: 4, seed: 2026 });
const env = {
  ...process.env,
  ONEPROVIDER_HOST: new URL(mock.baseUrl).origin,
  ONEPROVIDER_API_KEY: mock.token,
};
const failsOnce = /** @type {import("../src/mock/index.js").MockSchema} */ (
  mock.schemas.find((schema) => schema.name.includes("fails"))
);

/**
 * Runs the tool, its output shown as it comes (and kept, when asked); resolves with the exit code.
 * @param {string[]} args
 * @param {{ keep?: boolean, quiet?: boolean }} [options]
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function tool(args, { keep = false, quiet = false } = {}) {
  process.stdout.write(`\n$ oneprovider-atm ${args.join(" ")}\n`);
  const child = spawn(process.execPath, [cli, ...args], {
    env,
    stdio: ["ignore", keep || quiet ? "pipe" : "inherit", "inherit"],
  });
  let stdout = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
    if (!quiet) process.stdout.write(chunk);
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code: code ?? 1, stdout })));
}

let ok = false;
try {
  process.stdout.write(`Mock Oneprovider on ${mock.baseUrl} (space ${mock.spaceId})\n`);
  const scheduled = await tool(
    ["schedule", "--space", mock.spaceId, "--schema", failsOnce.atmWorkflowSchemaId, "--revision", "1"],
    { keep: true },
  );
  const wid = scheduled.stdout.trim();
  const failed = await tool(["watch", wid, "--interval", "250", "--max-interval", "1000"]);
  process.stdout.write(`(exit code ${failed.code}: the execution failed)\n`);
  const log = await tool(["logs", wid], { quiet: true });
  process.stdout.write(
    log.stdout
      .trim()
      .split("\n")
      .slice(-4)
      .map((line) => `${line}\n`)
      .join(""),
  );
  process.stdout.write("(the last entries of its audit log)\n");
  const retried = await tool(["retry", wid]);
  const finished = await tool(["watch", wid, "--interval", "250", "--max-interval", "1000"]);
  ok =
    scheduled.code === 0 && failed.code === 4 && log.code === 0 && retried.code === 0 && finished.code === 0;
} finally {
  await mock.close();
}
process.stdout.write(
  `\n${ok ? "Failed, retried, finished" : "The lifecycle did not go as expected"}; the mock Oneprovider has stopped.\n`,
);
process.exit(ok ? 0 : 1);
