import { afterAll, beforeAll, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.js";
import { dumpAuditLog } from "../../src/audit-log.js";
import {
  createOneproviderClient,
  getProviderConfiguration,
  isOneproviderApiError,
  type OneproviderClient,
} from "../../src/index.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { rawClient } from "../../src/raw.js";

// Every hook event and every error names the operation it belongs to, by the spec's operationId:
// each operation of the table is called once, through the client, the dump and the raw client.
let mock: MockOneprovider;
let client: OneproviderClient;
const seen: Array<{ hook: string; operationId: string; method: string }> = [];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual" });
  await mock.runToEnd();
  client = createOneproviderClient({
    baseUrl: mock.baseUrl,
    token: mock.token,
    onRequest: ({ operationId, method }) => void seen.push({ hook: "request", operationId, method }),
    onResponse: ({ operationId, method }) => void seen.push({ hook: "response", operationId, method }),
  });
});
afterAll(() => mock.close());

test("every operation's events carry its operationId", async () => {
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      () => undefined,
    );
  const execution = await client.waitForWorkflowExecution(mock.executions.failed, { intervalMs: 5 });
  seen.length = 0;
  const { atmWorkflowExecutionId } = await client.scheduleWorkflowExecution({
    spaceId: mock.spaceId,
    atmWorkflowSchemaId: mock.schemas[0]!.atmWorkflowSchemaId,
    atmWorkflowSchemaRevisionNumber: mock.schemas[0]!.revisionNumber,
  });
  await settle(client.getWorkflowExecution(atmWorkflowExecutionId));
  await settle(client.listWorkflowExecutions(mock.spaceId));
  await settle(client.pauseWorkflowExecution(atmWorkflowExecutionId));
  await settle(client.resumeWorkflowExecution(atmWorkflowExecutionId));
  await settle(client.cancelWorkflowExecution(atmWorkflowExecutionId));
  await settle(client.forceContinueWorkflowExecution(mock.executions.failed));
  await settle(client.retryWorkflowExecution(mock.executions.failed, { laneIndex: 2, laneRunNumber: 1 }));
  await settle(client.rerunWorkflowExecution(mock.executions.failed, { laneIndex: 2, laneRunNumber: 1 }));
  await settle(client.deleteWorkflowExecution(atmWorkflowExecutionId));
  for await (const _entry of dumpAuditLog(client, execution.systemAuditLogStoreId!)) break;
  await settle(getProviderConfiguration(client));
  const requested = new Set(
    seen.filter((event) => event.hook === "request").map((event) => event.operationId),
  );
  expect([...requested].sort()).toEqual(Object.keys(OPERATIONS).sort());
  for (const event of seen)
    expect(event.method).toBe(OPERATIONS[event.operationId as keyof typeof OPERATIONS].method);
});

test("the raw client's requests are named from the operation table too", async () => {
  seen.length = 0;
  await rawClient(client).GET("/spaces/{sid}/automation/execution/workflows", {
    params: { path: { sid: mock.spaceId }, query: { phase: "ended" } },
  });
  await rawClient(client).POST("/automation/execution/workflows/{wid}/pause", {
    params: { path: { wid: "no-such-execution" } },
  });
  expect(seen.map((event) => `${event.hook} ${event.operationId}`)).toEqual([
    "request listWorkflowExecutions",
    "response listWorkflowExecutions",
    "request pauseWorkflowExecution",
    "response pauseWorkflowExecution",
  ]);
});

test("an error names its operation and, for an execution, its wid", async () => {
  const error = await client.pauseWorkflowExecution("no-such-execution").catch((caught: unknown) => caught);
  expect(isOneproviderApiError(error, "notFound")).toBe(true);
  expect(error).toMatchObject({
    operationId: "pauseWorkflowExecution",
    wid: "no-such-execution",
    status: 404,
  });
});
