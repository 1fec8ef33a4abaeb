// @ts-check
/**
 * createNodeClient's getWorkflowExecution against a bare node:http GET + JSON.parse of the same URL
 * and headers (a keep-alive agent, as the client has), on loopback, in interleaved rounds.
 * Target: ratio at most 1.15.
 */
import { Agent, createServer, request } from "node:http";
import { interleave, median } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";
import { largeExecution } from "./fixtures.mjs";

const { createNodeClient } = await loadBuilt("node");
const body = JSON.stringify(largeExecution(20, 5));
const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const address = /** @type {import("node:net").AddressInfo} */ (server.address());
const baseUrl = `http://127.0.0.1:${address.port}/api/v3/oneprovider`;
const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
const token = "bench-token";
const url = `${baseUrl}/automation/execution/workflows/${wid}`;
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
server.close();
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
