import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import { createOneproviderClient } from "../../src/index.js";
import { startTestServer, type TestServer } from "../support/http-server.js";

const total = 1_000_000;
// A collection before each sample, so that what is measured is what is kept, not garbage not yet swept.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
let server: TestServer | undefined;
afterAll(() => server?.close());

test("one million entries stream through with memory that does not grow with the log", async () => {
  // The server writes the log as it is asked for (respecting backpressure), so that neither side
  // holds it whole: what grows, grows in the client.
  server = await startTestServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    let index = 0;
    const pump = () => {
      while (index < total) {
        const entry = `${index === 0 ? "[" : ","}{\r\n  "index" : "${index}",\r\n  "timestamp" : ${1764241200000 + index},\r\n  "severity" : "info",\r\n  "content" : {\r\n    "description" : "item ${index} processed"\r\n  }\r\n}\r\n`;
        index += 1;
        if (!response.write(entry)) return void response.once("drain", pump);
      }
      response.end("]");
    };
    pump();
  });
  const client = createOneproviderClient({ baseUrl: server.baseUrl, token: "t" });
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  const kept: number[] = [];
  let count = 0;
  let last = -1;
  for await (const entry of dumpAuditLog(client, "store")) {
    if (Number(entry.index) !== last + 1) throw new Error(`entry ${entry.index} after ${last}`);
    last = Number(entry.index);
    count += 1;
    if (count % 100_000 === 0) {
      collectGarbage();
      kept.push(process.memoryUsage().heapUsed - baseline);
    }
  }
  expect(count).toBe(total);
  // The body is over 100 MB; held whole, or entry by entry, it would keep hundreds of MB alive.
  expect(kept).toHaveLength(10);
  expect(Math.max(...kept)).toBeLessThan(16 * 1024 * 1024);
  // And what is kept does not grow with the log.
  expect(kept.at(-1)! - kept[0]!).toBeLessThan(8 * 1024 * 1024);
}, 120_000);
