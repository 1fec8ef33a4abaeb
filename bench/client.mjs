// @ts-check
/**
 * getWorkflowExecution against a raw fetch + JSON.parse of the same URL and headers, and a bare
 * openapi-fetch GET beside it, on loopback, in interleaved rounds. Target: ratio at most 1.15.
 */
import createClient from "openapi-fetch";
import { interleave, median } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";
import { startExecutionServer } from "./fixtures.mjs";

const { createOneproviderClient } = await loadBuilt("index");
const { body, baseUrl, wid, token, url, close: closeServer } = await startExecutionServer();

const ours = createOneproviderClient({ baseUrl, token });
/** @type {import("openapi-fetch").Client<import("../generated/openapi.js").paths>} */
const bare = createClient({ baseUrl, headers: { "x-auth-token": token } });
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 31);

/** @param {() => Promise<unknown>} call */
async function timeRound(call) {
  const started = performance.now();
  for (let index = 0; index < requestsPerRound; index += 1) await call();
  return performance.now() - started;
}

const contenders = {
  rawFetch: () =>
    timeRound(async () => {
      const response = await fetch(url, { headers: { "x-auth-token": token } });
      return JSON.parse(await response.text());
    }),
  openapiFetch: () =>
    timeRound(() => bare.GET("/automation/execution/workflows/{wid}", { params: { path: { wid } } })),
  getWorkflowExecution: () => timeRound(() => ours.getWorkflowExecution(wid)),
};
// One warm-up round each, not counted.
for (const run of Object.values(contenders)) await run();
const times = await interleave(rounds, contenders);
closeServer();

const raw = median(times.rawFetch);
const perRequest = (/** @type {number} */ ms) => `${((ms / requestsPerRound) * 1000).toFixed(0)} µs/request`;
console.log(
  `client: ${rounds} interleaved rounds of ${requestsPerRound} sequential GETs (${body.length} B body), medians`,
);
console.log(`  raw fetch + JSON.parse        ${perRequest(raw)}`);
console.log(
  `  bare openapi-fetch GET        ${perRequest(median(times.openapiFetch))}  ratio ${(median(times.openapiFetch) / raw).toFixed(3)}`,
);
const ratio = median(times.getWorkflowExecution) / raw;
console.log(
  `  getWorkflowExecution          ${perRequest(median(times.getWorkflowExecution))}  ratio ${ratio.toFixed(3)} (target <= 1.15) ${ratio <= 1.15 ? "met" : "NOT MET"}`,
);
