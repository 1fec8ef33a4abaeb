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
