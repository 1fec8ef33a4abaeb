// @ts-check
/**
 * createNodeClient's getWorkflowExecution against a bare node:http GET + JSON.parse of the same URL
 * and headers (a keep-alive agent, as the client has), on loopback, in interleaved rounds.
 * Target: ratio at most 1.15.
 */
import { Agent, request } from "node:http";
import { interleave, median } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";
import { startExecutionServer } from "./fixtures.mjs";

const { createNodeClient } = await loadBuilt("node");
const { body, baseUrl, wid, token, url, close: closeServer } = await startExecutionServer();
const agent = new Agent({ keepAlive: true });

const ours = createNodeClient({ baseUrl, token });
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 31);

/** A bare GET: the same headers the client sends, the body gathered and parsed. */
const bareGet = () =>
  new Promise((resolve, reject) => {
    request(url, { agent, headers: { accept: "application/json", "x-auth-token": token } }, (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });

/** @param {() => Promise<unknown>} call */
async function timeRound(call) {
  const started = performance.now();
  for (let index = 0; index < requestsPerRound; index += 1) await call();
  return performance.now() - started;
}

const contenders = {
  bareNodeHttp: () => timeRound(bareGet),
  createNodeClient: () => timeRound(() => ours.getWorkflowExecution(wid)),
};
for (const run of Object.values(contenders)) await run();
const times = await interleave(rounds, contenders);
closeServer();
ours.close();
agent.destroy();

const bare = median(times.bareNodeHttp);
const perRequest = (/** @type {number} */ ms) => `${((ms / requestsPerRound) * 1000).toFixed(0)} µs/request`;
console.log(
  `node client: ${rounds} interleaved rounds of ${requestsPerRound} sequential GETs (${body.length} B body), medians`,
);
console.log(`  bare node:http GET + JSON.parse   ${perRequest(bare)}`);
const ratio = median(times.createNodeClient) / bare;
console.log(
  `  createNodeClient().getWorkflowExecution  ${perRequest(median(times.createNodeClient))}  ratio ${ratio.toFixed(3)} (target <= 1.15) ${ratio <= 1.15 ? "met" : "NOT MET"}`,
);
