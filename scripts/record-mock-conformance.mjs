#!/usr/bin/env node
// @ts-check
/**
 * Records a conformance run against the embedded mock, once as 21.02.8 and once as 25.1, into
 * test/conformance/recordings/mock/ and mock-25.1/, which test/conformance/recordings.test.ts replays
 * offline. Run it again (after `npm run build`) when the suite asks for requests the recordings lack:
 * `npm run conformance:record-mock`.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { startMockOneprovider } = await import(`${root}dist/src/mock/index.js`);

// One recording per release line the mock answers as: its own folder, replayed by the tests.
for (const [release, folder] of [
  ["21.02.8", "mock"],
  ["25.1", "mock-25.1"],
]) {
  const dir = `${root}test/conformance/recordings/${folder}`;
  const mock = await startMockOneprovider({ seed: 7, speed: 50, release });
  try {
    rmSync(dir, { recursive: true, force: true });
    const failing = mock.schemas.find((/** @type {{ name: string }} */ schema) =>
      schema.name.includes("fails"),
    );
    const args = [
      "conformance",
      "--space",
      mock.spaceId,
      "--allow-actions",
      "--schema",
      failing.atmWorkflowSchemaId,
    ];
    args.push("--revision", "1", "--interval", "250", "--max-dumps", "2", "--record", dir);
    // Not spawnSync: the mock answers from this very process.
    const child = spawn(process.execPath, [`${root}dist/src/cli/oneprovider-atm.cjs`, ...args], {
      env: {
        PATH: process.env.PATH,
        ONEPROVIDER_HOST: new URL(mock.baseUrl).origin,
        ONEPROVIDER_API_KEY: mock.token,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const status = await new Promise((resolve) => child.once("exit", resolve));
    if (status !== 0) throw new Error(`the run against the ${release} mock did not hold (exit ${status})`);
    console.log(`recorded into ${dir}`);
  } finally {
    await mock.close();
  }
}
