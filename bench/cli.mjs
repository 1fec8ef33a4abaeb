// @ts-check
/**
 * `oneprovider-atm get <wid> --json` against a bare one-shot Node GET of the same URL with node:http,
 * both as fresh processes against the mock, side by side in interleaved rounds. Node's own start-up
 * is the floor. Target: ratio at most 1.25.
 */
import { fileURLToPath } from "node:url";
import { interleave, median, timeNodeProcess } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";

const { startMockOneprovider } = /** @type {typeof import("../src/mock/index.js")} */ (
  await loadBuilt("mock")
);
const mock = await startMockOneprovider({ scenarios: ["finished"] });
const wid = mock.executions.finished;
const url = `${mock.baseUrl}/automation/execution/workflows/${wid}`;
const cli = fileURLToPath(new URL("../dist/src/cli/oneprovider-atm.cjs", import.meta.url));
const env = {
  ...process.env,
  ONEPROVIDER_HOST: new URL(mock.baseUrl).origin,
  ONEPROVIDER_API_KEY: mock.token,
  URL: url,
};
const bareGet = `require("node:http").get(process.env.URL, { headers: { "x-auth-token": process.env.ONEPROVIDER_API_KEY } }, (r) => { let b = ""; r.setEncoding("utf8"); r.on("data", (c) => (b += c)); r.on("end", () => process.stdout.write(b)); })`;

/** @param {string[]} args */
const timeProcess = (args) => timeNodeProcess(args, env);

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const times = await interleave(rounds, {
  bare: () => timeProcess(["-e", bareGet]),
  cli: () => timeProcess([cli, "get", wid, "--json"]),
});
await mock.close();
const ratio = median(times.cli) / median(times.bare);
console.log(`cli: ${rounds} interleaved rounds of one process each, medians`);
console.log(`  node -e (node:http one-shot GET)      ${median(times.bare).toFixed(1)} ms`);
console.log(
  `  oneprovider-atm get <wid> --json       ${median(times.cli).toFixed(1)} ms  ratio ${ratio.toFixed(2)} (target <= 1.25) ${ratio <= 1.25 ? "met" : "NOT MET"}`,
);
