import fc from "fast-check";
import type { AtmLaneRun, AtmWorkflowExecution } from "../../src/index.js";
import { spec } from "./spec.js";

const workflowStatuses = spec.components.schemas.AtmWorkflowExecutionStatus!.enum!;
const laneRunStatuses = spec.components.schemas.AtmLaneRunStatus!.enum!;
const runTypes = spec.components.schemas.AtmLaneRunType!.enum!;

/** A known status most of the time, and now and then one this version has never heard of. */
const statusOf = (known: string[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string() });
const id = fc.string({ minLength: 1, maxLength: 40 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const seconds = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000_000_000 }));

export const laneRunArbitrary: fc.Arbitrary<AtmLaneRun> = fc.record({
  runNumber: maybe(fc.integer({ min: 1, max: 1000 })),
  originRunNumber: maybe(fc.integer({ min: 1, max: 1000 })),
  runType: statusOf(runTypes),
  status: statusOf(laneRunStatuses),
  iteratedStoreId: maybe(id),
  exceptionStoreId: maybe(id),
  parallelBoxes: fc.array(fc.record({ schemaId: id, taskRegistry: fc.dictionary(id, id, { maxKeys: 3 }) }), {
    maxLength: 3,
  }),
  isRetriable: fc.boolean(),
  isRerunable: fc.boolean(),
});

/** Any execution the spec allows, unknown statuses included, with lanes of up to 8 runs in any order. */
export const executionArbitrary: fc.Arbitrary<AtmWorkflowExecution> = fc.record({
  atmWorkflowExecutionId: id,
  atmWorkflowSchemaSnapshotId: id,
  name: fc.string(),
  atmInventoryId: id,
  spaceId: id,
  userId: id,
  status: statusOf(workflowStatuses),
  scheduleTime: seconds,
  startTime: seconds,
  suspendTime: seconds,
  finishTime: seconds,
  lambdaSnapshotRegistry: fc.dictionary(id, id, { maxKeys: 3 }),
  storeRegistry: fc.dictionary(id, id, { maxKeys: 3 }),
  systemAuditLogStoreId: maybe(id),
  lanes: fc.array(fc.record({ schemaId: id, runs: fc.array(laneRunArbitrary, { maxLength: 8 }) }), {
    minLength: 1,
    maxLength: 8,
  }),
});
