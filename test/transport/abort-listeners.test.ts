import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { onAbort } from "../../src/transport/abort-listeners.js";
import { sleep } from "../../src/transport/sleep.js";
import { sendJson } from "../support/http-server.js";
import { engines, execution, harness, wid } from "../support/both-engines.js";

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

describe("one listener per signal, and none once nothing waits on it", () => {
  test("the first wait adds it, the last one to stop removes it", () => {
    const signal = new AbortController().signal;
    const stops = Array.from({ length: 20 }, () => onAbort(signal, () => undefined));
    expect(listeners(signal)).toBe(1);
    for (const stop of stops.slice(0, 19)) stop();
    expect(listeners(signal)).toBe(1);
    stops[19]!();
    expect(listeners(signal)).toBe(0);
    // Stopping twice changes nothing; waiting again adds one again.
    stops[19]!();
    const again = onAbort(signal, () => undefined);
    expect(listeners(signal)).toBe(1);
    again();
    expect(listeners(signal)).toBe(0);
  });

  test("an abort reaches every wait, once", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    onAbort(controller.signal, () => calls.push(1));
    onAbort(controller.signal, () => calls.push(2));
    controller.abort();
    controller.abort();
    expect(calls).toEqual([1, 2]);
    // Its listener went with the abort, even for waits that never stop.
    expect(listeners(controller.signal)).toBe(0);
  });

  test("sleeps that end leave nothing on the signal", async () => {
    const signal = new AbortController().signal;
    for (let index = 0; index < 50; index += 1) await sleep(0, signal);
    expect(listeners(signal)).toBe(0);
  });
});

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  test("10 000 sequential calls sharing one signal leave no listener on it", async () => {
    const { client } = await clientFor((_q, r) => sendJson(r, 200, execution));
    const signal = new AbortController().signal;
    for (let index = 0; index < 10_000; index += 1) {
      await client.getWorkflowExecution(wid, { signal });
      if (index % 1000 === 0) expect(listeners(signal)).toBe(0);
    }
    expect(listeners(signal)).toBe(0);
  }, 60_000);
});
