// @ts-check
/**
 * `oneprovider-atm ls <space> --long` over 1 000 executions on the mock, against a bare node:http
 * script that makes the same requests (the list pages, then 1 000 GETs, 8 at a time), both as fresh
 * processes, side by side in interleaved rounds. Target: ratio at most 1.2.
 */
import { fileURLToPath } from "node:url";
import { interleave, median, timeNodeProcess } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";

const { startMockOneprovider } = /** @type {typeof import("../src/mock/index.js")} */ (
  await loadBuilt("mock")
);
const { createOneproviderClient } = await loadBuilt("index");
// Slow enough that the executions stay waiting while they are listed.
const mock = await startMockOneprovider({ scenarios: [], speed: 0.0001 });
const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token });
const schema = /** @type {import("../src/mock/index.js").MockSchema} */ (mock.schemas[0]);
for (let index = 0; index < 1000; index += 1)
  await client.scheduleWorkflowExecution({
    spaceId: mock.spaceId,
    atmWorkflowSchemaId: schema.atmWorkflowSchemaId,
    atmWorkflowSchemaRevisionNumber: 1,
  });

const cli = fileURLToPath(new URL("../dist/src/cli/oneprovider-atm.cjs", import.meta.url));
const env = {
  ...process.env,
  ONEPROVIDER_HOST: new URL(mock.baseUrl).origin,
  ONEPROVIDER_API_KEY: mock.token,
  BASE: mock.baseUrl,
  SPACE: mock.spaceId,
};
const bare = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true });
const get = (url) => new Promise((resolve, reject) => http.get(url, { agent, headers: { "x-auth-token": process.env.ONEPROVIDER_API_KEY, accept: "application/json" } }, (r) => { let b = ""; r.setEncoding("utf8"); r.on("data", (c) => (b += c)); r.on("end", () => resolve(JSON.parse(b))); }).on("error", reject));
(async () => {
  const ids = []; let token = null;
  for (;;) {
    const page = await get(process.env.BASE + "/spaces/" + process.env.SPACE + "/automation/execution/workflows?phase=waiting&limit=1000" + (token ? "&token=" + token : ""));
    ids.push(...page.atmWorkflowExecutions);
    if (page.isLast) break;
    token = page.nextPageToken;
  }
  let next = 0; const out = new Array(ids.length);
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < ids.length) { const i = next++; out[i] = await get(process.env.BASE + "/automation/execution/workflows/" + ids[i]); } }));
  for (const e of out) process.stdout.write(e.atmWorkflowExecutionId + "  " + e.status + "  " + e.name + "\\n");
  agent.destroy();
})();`;

/** @param {string[]} args */
const timeProcess = (args) => timeNodeProcess(args, env);

const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
const times = await interleave(rounds, {
  bare: () => timeProcess(["-e", bare]),
  cli: () => timeProcess([cli, "ls", mock.spaceId, "--phase", "waiting", "--long"]),
});
await mock.close();
const ratio = median(times.cli) / median(times.bare);
console.log(`cli-ls: 1 000 executions, ${rounds} interleaved rounds of one process each, medians`);
console.log(`  bare node:http (page + 1 000 GETs, 8 at a time)   ${median(times.bare).toFixed(1)} ms`);
console.log(
  `  oneprovider-atm ls --long                          ${median(times.cli).toFixed(1)} ms  ratio ${ratio.toFixed(2)} (target <= 1.2) ${ratio <= 1.2 ? "met" : "NOT MET"}`,
);
