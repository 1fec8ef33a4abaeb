#!/usr/bin/env node
// @ts-check
/**
 * The main job's last step (`npm start`, after the pipeline and the build): start the embedded mock
 * Oneprovider with one simulated execution, watch it to its end with the built command-line tool,
 * then stop the mock. Exits with the tool's exit code.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @type {typeof import("../src/mock/index.js")} */
const { startMockOneprovider } = await import(new URL("../dist/src/mock/index.js", import.meta.url).href);
const cli = fileURLToPath(new URL("../dist/src/cli/oneprovider-atm.js", import.meta.url));

// A lane that fails and is retried automatically: the most to see in a few seconds.
const mock = await startMockOneprovider({ scenarios: ["retried"], speed: 4, seed: 2026 });
const wid = mock.executions.retried;
process.stdout.write(`Mock Oneprovider on ${mock.baseUrl}; watching execution ${wid}\n\n`);
const child = spawn(process.execPath, [cli, "watch", wid, "--interval", "250", "--max-interval", "1000"], {
  stdio: "inherit",
  env: { ...process.env, ONEPROVIDER_HOST: new URL(mock.baseUrl).origin, ONEPROVIDER_API_KEY: mock.token },
});
const code = await new Promise((resolve) => child.once("exit", (exitCode) => resolve(exitCode ?? 1)));
await mock.close();
process.stdout.write(`\noneprovider-atm watch exited with ${code}; the mock Oneprovider has stopped.\n`);
process.exit(/** @type {number} */ (code));
