// @ts-check
/**
 * For a large execution (200 lanes × 50 runs): runtime validation and summarizeExecution against
 * JSON.parse of the same body, and 500 concurrent waits against a loopback provider, whose request
 * count is compared with the minimum their schedule needs.
 */
import { createServer } from "node:http";
import { largeExecution } from "./fixtures.mjs";
import { interleave, median } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";

const { createOneproviderClient, summarizeExecution } = await loadBuilt("index");
const { validateWorkflowExecution } = await loadBuilt("validate");
const execution = largeExecution(200, 50);
const body = JSON.stringify(execution);
const repeat = Number(process.env.BENCH_REPEAT ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);

/** @param {() => unknown} work */
function timeRepeated(work) {
  const started = performance.now();
  for (let index = 0; index < repeat; index += 1) work();
  return performance.now() - started;
}
if (!validateWorkflowExecution(execution).ok) throw new Error("the benchmark's execution does not validate");
const times = await interleave(rounds, {
  parse: () => timeRepeated(() => JSON.parse(body)),
  validate: () => timeRepeated(() => validateWorkflowExecution(execution)),
  summarize: () => timeRepeated(() => summarizeExecution(execution)),
});
const parse = median(times.parse);
const validateRatio = median(times.validate) / parse;
const summarizeRatio = median(times.summarize) / parse;
console.log(
  `helpers: 200 lanes × 50 runs (${(body.length / 1e6).toFixed(1)} MB), ${rounds} interleaved rounds of ${repeat}, medians`,
);
console.log(`  JSON.parse            ${(parse / repeat).toFixed(2)} ms`);
console.log(
  `  validation            ${(median(times.validate) / repeat).toFixed(2)} ms  ratio ${validateRatio.toFixed(3)} (target <= 0.5) ${validateRatio <= 0.5 ? "met" : "NOT MET"}`,
);
console.log(
  `  summarizeExecution    ${(median(times.summarize) / repeat).toFixed(2)} ms  ratio ${summarizeRatio.toFixed(3)} (target <= 0.2) ${summarizeRatio <= 0.2 ? "met" : "NOT MET"}`,
);

// 500 concurrent waits. Each execution moves to its next state every `stepMs` from its first poll,
// and ends after `changes` steps; the waits poll with the client's backoff.
const waits = 500;
const changes = 4;
const stepMs = 300;
const intervalMs = 50;
const maxIntervalMs = 400;
const statusAt = (/** @type {number} */ step) =>
  step >= changes ? "finished" : step === 0 ? "scheduled" : "active";

/**
 * The polls one wait needs on this schedule, with no latency and no failure: the backoff (×1.5 while
 * nothing changes, back to intervalMs after a change) run against the timeline until "finished".
 */
function idealPolls() {
  let polls = 0;
  let time = 0;
  let interval = intervalMs;
  let previous;
  for (;;) {
    polls += 1;
    const step = Math.min(changes, Math.floor(time / stepMs));
    if (step !== previous) interval = intervalMs;
    else interval = Math.min(maxIntervalMs, interval * 1.5);
    previous = step;
    if (statusAt(step) === "finished") return polls;
    time += interval;
  }
}

let requests = 0;
/** @type {Map<string, number>} */
const firstSeen = new Map();
const small = largeExecution(2, 1);
const server = createServer((request, response) => {
  requests += 1;
  const wid = request.url ?? "";
  const first = firstSeen.get(wid) ?? Date.now();
  firstSeen.set(wid, first);
  const step = Math.min(changes, Math.floor((Date.now() - first) / stepMs));
  const text = JSON.stringify({ ...small, status: statusAt(step), name: `step ${step}` });
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const address = /** @type {import("node:net").AddressInfo} */ (server.address());
const client = createOneproviderClient({
  baseUrl: `http://127.0.0.1:${address.port}/api/v3/oneprovider`,
  token: "t",
});
const waitStarted = Date.now();
await Promise.all(
  Array.from({ length: waits }, (_, index) =>
    client.waitForWorkflowExecution(`wid-${index}`, { intervalMs, maxIntervalMs }),
  ),
);
const elapsed = Date.now() - waitStarted;
server.close();
const minimum = waits * idealPolls();
const overhead = requests / minimum - 1;
console.log(
  `waits: ${waits} concurrent waits, ${changes} changes ${stepMs} ms apart, interval ${intervalMs}→${maxIntervalMs} ms`,
);
console.log(
  `  requests ${requests}, schedule's minimum ${minimum} (${idealPolls()} per wait, without latency): ratio ${(requests / minimum).toFixed(3)} (target <= 1.10) ${overhead <= 0.1 ? "met" : "NOT MET"}; all done in ${elapsed} ms`,
);
