// @ts-check
/**
 * Two lifecycle paths against what a careful hand-written fetch would do, on loopback, side by side:
 * - iterating 100 000 execution ids over pages of 1 000 (iterateWorkflowExecutions) against a
 *   hand-written fetch + JSON.parse loop over the same pages. Target: ratio at most 1.15.
 * - dumping a 200 MB audit log (dumpAuditLog) against fetching the same bytes whole and one JSON.parse:
 *   time at most 2x, and peak RSS growth of the streamed dump at most 64 MB. Each dump runs in a
 *   fresh process, so that one's memory does not hide the other's.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { interleave, median } from "./measure.mjs";
import { loadBuilt } from "./built.mjs";

const mode = process.argv[2];
const dumpBytes = Number(process.env.BENCH_DUMP_MB ?? 200) * 1e6;

/** A provider on loopback: list pages of 1 000 of 100 000 ids, and one audit log of `dumpBytes`. */
async function startServer() {
  const ids = Array.from({ length: 100_000 }, (_, n) => n.toString(16).padStart(32, "0") + "ch0a1b");
  const pages = new Map();
  const entry = (/** @type {number} */ index) =>
    `{\r\n  "content" : {\r\n    "description" : "[Lane: 2, Run: 1] Processed item ${index} of the input store."\r\n  },\r\n  "index" : "${index}",\r\n  "severity" : "info",\r\n  "timestamp" : ${1764241200000 + index}\r\n}\r\n`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "", "http://x");
    if (url.pathname.endsWith("/dump")) {
      response.writeHead(200, { "content-type": "application/json" });
      let written = 0;
      let index = 0;
      const pump = () => {
        while (written < dumpBytes) {
          const text = (index === 0 ? "[" : ",") + entry(index);
          index += 1;
          written += text.length;
          if (!response.write(text)) return void response.once("drain", pump);
        }
        response.end("]");
      };
      return pump();
    }
    const token = url.searchParams.get("token");
    const start = token === null ? 0 : Number(Buffer.from(token, "base64url").toString()) + 1;
    let body = pages.get(start);
    if (!body) {
      const page = ids.slice(start, start + 1000);
      const isLast = 1000 > page.length;
      body = JSON.stringify({
        atmWorkflowExecutions: page,
        isLast,
        nextPageToken: isLast ? null : Buffer.from(String(start + page.length - 1)).toString("base64url"),
      });
      pages.set(start, body);
    }
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { server, baseUrl: `http://127.0.0.1:${address.port}/api/v3/oneprovider` };
}

if (mode === "dump-stream" || mode === "dump-whole") {
  // One dump in this process, against the parent's server (so that generating the log costs this
  // process nothing): print its time and peak RSS growth as JSON.
  const baseUrl = /** @type {string} */ (process.env.BENCH_BASE_URL);
  const url = `${baseUrl}/automation/execution/stores/store-1/dump`;
  const { createOneproviderClient } = await loadBuilt("index");
  const { dumpAuditLog } = await import(new URL("../dist/src/audit-log.js", import.meta.url).href);
  // Warm the engine on a small request first, out of the measure.
  await (await fetch(`${baseUrl}/spaces/s/automation/execution/workflows`)).text();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  let count = 0;
  if (mode === "dump-stream") {
    const client = createOneproviderClient({ baseUrl, token: "t", timeoutMs: 120_000 });
    for await (const _entry of dumpAuditLog(client, "store-1")) count += 1;
  } else {
    const text = await (await fetch(url, { headers: { "x-auth-token": "t" } })).text();
    count = JSON.parse(text).length;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ ms, rssGrowthMb: (peak - baseline) / 1e6, count }));
  process.exit(0);
}

// The iteration, side by side in this process.
const { server, baseUrl } = await startServer();
const { createOneproviderClient } = await loadBuilt("index");
const client = createOneproviderClient({ baseUrl, token: "t" });
const listUrl = `${baseUrl}/spaces/space-1/automation/execution/workflows`;

/** What a user would write instead: an async generator of ids over fetch and JSON.parse. */
async function* handWrittenIds() {
  let token = null;
  for (;;) {
    const response = await fetch(`${listUrl}?limit=1000${token ? `&token=${token}` : ""}`, {
      headers: { "x-auth-token": "t", accept: "application/json" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = JSON.parse(await response.text());
    yield* page.atmWorkflowExecutions;
    if (page.isLast) return;
    token = page.nextPageToken;
  }
}

async function handWritten() {
  const started = performance.now();
  let count = 0;
  for await (const _id of handWrittenIds()) count += 1;
  if (count !== 100_000) throw new Error(`hand-written loop saw ${count}`);
  return performance.now() - started;
}

async function ours() {
  const started = performance.now();
  let count = 0;
  for await (const _id of client.iterateWorkflowExecutions("space-1", { pageSize: 1000 })) count += 1;
  if (count !== 100_000) throw new Error(`iterateWorkflowExecutions saw ${count}`);
  return performance.now() - started;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
const times = await interleave(rounds, { handWritten, ours });
const ratio = median(times.ours) / median(times.handWritten);
console.log(`lifecycle: iterating 100 000 ids over pages of 1 000, ${rounds} interleaved rounds, medians`);
console.log(`  hand-written fetch loop                ${median(times.handWritten).toFixed(1)} ms`);
console.log(
  `  iterateWorkflowExecutions              ${median(times.ours).toFixed(1)} ms  ratio ${ratio.toFixed(3)} (target <= 1.15) ${ratio <= 1.15 ? "met" : "NOT MET"}`,
);

/** @param {string} which */
function dumpOnce(which) {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.url), which],
      { env: { ...process.env, BENCH_BASE_URL: baseUrl }, maxBuffer: 1e6 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${which} failed: ${stderr}`)) : resolve(JSON.parse(stdout)),
    ),
  );
}
const dumpRounds = Number(process.env.BENCH_DUMP_ROUNDS ?? 3);
const streamed = [];
const whole = [];
for (let round = 0; round < dumpRounds; round += 1) {
  // Alternate which goes first, as interleave does.
  if (round % 2 === 0) {
    streamed.push(await dumpOnce("dump-stream"));
    whole.push(await dumpOnce("dump-whole"));
  } else {
    whole.push(await dumpOnce("dump-whole"));
    streamed.push(await dumpOnce("dump-stream"));
  }
}
const timeRatio = median(streamed.map((r) => r.ms)) / median(whole.map((r) => r.ms));
const rss = Math.max(...streamed.map((r) => r.rssGrowthMb));
console.log(
  `lifecycle: dumping a ${(dumpBytes / 1e6).toFixed(0)} MB audit log (${streamed[0].count} entries), ${dumpRounds} rounds of one process each, medians`,
);
console.log(
  `  fetch whole + JSON.parse               ${median(whole.map((r) => r.ms)).toFixed(0)} ms, peak RSS growth ${Math.max(...whole.map((r) => r.rssGrowthMb)).toFixed(0)} MB`,
);
console.log(
  `  dumpAuditLog (streamed)                ${median(streamed.map((r) => r.ms)).toFixed(0)} ms  ratio ${timeRatio.toFixed(2)} (target <= 2) ${timeRatio <= 2 ? "met" : "NOT MET"}, peak RSS growth ${rss.toFixed(0)} MB (target <= 64) ${rss <= 64 ? "met" : "NOT MET"}`,
);
server.close();
