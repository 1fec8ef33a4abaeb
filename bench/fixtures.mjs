// @ts-check
/** Realistic executions of a chosen size for the benchmarks. */

/** @param {number} n */
const id = (n) => n.toString(16).padStart(32, "0") + "ch0a1b";

/**
 * An ended execution with `lanes` lanes of `runsPerLane` runs each, newest first, every lane retried.
 * @param {number} lanes
 * @param {number} runsPerLane
 */
export function largeExecution(lanes, runsPerLane) {
  let next = 1;
  return {
    atmWorkflowExecutionId: id(next++),
    atmWorkflowSchemaSnapshotId: id(1),
    name: "Large benchmark workflow",
    atmInventoryId: id(next++),
    spaceId: id(next++),
    userId: id(next++),
    status: "failed",
    scheduleTime: 1764241200,
    startTime: 1764241203,
    suspendTime: 0,
    finishTime: 1764249999,
    lambdaSnapshotRegistry: { [id(next++)]: id(next++) },
    storeRegistry: { input: id(next++), output: id(next++) },
    systemAuditLogStoreId: id(next++),
    lanes: Array.from({ length: lanes }, (_, lane) => ({
      schemaId: `lane-${lane + 1}`,
      runs: Array.from({ length: runsPerLane }, (_, position) => {
        const runNumber = runsPerLane - position;
        return {
          runNumber,
          originRunNumber: runNumber > 1 ? runNumber - 1 : null,
          runType: runNumber > 1 ? (runNumber % 2 ? "retry" : "rerun") : "regular",
          status: position === 0 ? "failed" : "finished",
          iteratedStoreId: id(next++),
          exceptionStoreId: id(next++),
          parallelBoxes: [{ schemaId: `pbox-${lane}`, taskRegistry: { [`task-${lane}`]: id(next++) } }],
          isRetriable: position === 0,
          isRerunable: true,
        };
      }),
    })),
  };
}

/**
 * A loopback server that answers every request with one large execution, for the per-call benchmarks.
 * @returns {Promise<{ body: string, baseUrl: string, wid: string, token: string, url: string, close(): void }>}
 */
export async function startExecutionServer() {
  const { createServer } = await import("node:http");
  const body = JSON.stringify(largeExecution(20, 5));
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const baseUrl = `http://127.0.0.1:${address.port}/api/v3/oneprovider`;
  const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
  return {
    body,
    baseUrl,
    wid,
    token: "bench-token",
    url: `${baseUrl}/automation/execution/workflows/${wid}`,
    close: () => server.close(),
  };
}
