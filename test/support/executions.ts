/**
 * Builders of realistic execution bodies for tests. They return plain JSON as the server sends it,
 * typed loosely on purpose so that tests can also build bodies the server would never send.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

let counter = 0;
/** A fresh id of the common 32 hex + `ch` + 4 hex form. */
export function makeId(): string {
  counter += 1;
  return counter.toString(16).padStart(32, "0") + "ch" + "0a1b";
}

export function makeParallelBox(overrides: JsonObject = {}): JsonObject {
  return { schemaId: "pbox-" + makeId().slice(28, 32), taskRegistry: { "task-a": makeId() }, ...overrides };
}

/** A prepared regular run by default. */
export function makeLaneRun(overrides: JsonObject = {}): JsonObject {
  return {
    runNumber: 1,
    originRunNumber: null,
    runType: "regular",
    status: "active",
    iteratedStoreId: makeId(),
    exceptionStoreId: makeId(),
    parallelBoxes: [makeParallelBox()],
    isRetriable: false,
    isRerunable: false,
    ...overrides,
  };
}

export function makeLane(runs: Json[] = [makeLaneRun()], overrides: JsonObject = {}): JsonObject {
  return { schemaId: "lane-" + makeId().slice(28, 32), runs, ...overrides };
}

export function makeExecution(overrides: JsonObject = {}): JsonObject {
  const id = makeId();
  return {
    atmWorkflowExecutionId: id,
    atmWorkflowSchemaSnapshotId: id,
    name: "Test workflow",
    atmInventoryId: makeId(),
    spaceId: makeId(),
    userId: makeId(),
    status: "active",
    scheduleTime: 1764241200,
    startTime: 1764241203,
    suspendTime: 0,
    finishTime: 0,
    lambdaSnapshotRegistry: { [makeId()]: makeId() },
    storeRegistry: { input: makeId() },
    systemAuditLogStoreId: makeId(),
    lanes: [makeLane()],
    ...overrides,
  };
}
