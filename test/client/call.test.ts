import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ACTIONS } from "../../generated/operations.js";
import { createOneproviderClient, OneproviderUsageError, type OneproviderClient } from "../../src/index.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { rejectionOf } from "../support/http-server.js";

let mock: MockOneprovider;
let client: OneproviderClient;
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 3 });
  client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, retry: false });
  await mock.runToEnd();
});
afterAll(() => mock.close());

describe("client.call: any operation by its operationId", () => {
  test("a read gives the answer's JSON as sent", async () => {
    const wid = mock.executions.finished;
    const execution = await client.call("getWorkflowExecutionDetails", { path: { wid } });
    expect(execution).toEqual(await client.getWorkflowExecution(wid));
    expect(await client.call("getConfiguration")).toMatchObject({ version: expect.any(String) });
    const page = await client.call("listWorkflowExecutions", {
      path: { sid: mock.spaceId },
      query: { phase: "ended", limit: 2 },
    });
    expect(page.atmWorkflowExecutions).toHaveLength(2);
  });

  test("an operation whose body streams is read whole", async () => {
    const execution = await client.getWorkflowExecution(mock.executions.failed);
    const log = await client.call("dumpAtmStore", { path: { sid: execution.systemAuditLogStoreId! } });
    expect(Array.isArray(log) && log.length > 0).toBe(true);
  });

  test("an action resolves undefined on 204, and the provider has acted", async () => {
    const wid = mock.executions.paused;
    await expect(client.call("resumeWorkflowExecution", { path: { wid } })).resolves.toBeUndefined();
    expect((await client.getWorkflowExecution(wid)).status).toBe("resuming");
  });

  test("each action of the spec's table is a method that sends its operation", () => {
    for (const { operationId } of Object.values(ACTIONS)) expect(client[operationId]).toBeTypeOf("function");
  });

  test.each<[string, () => Promise<unknown>, string]>([
    [
      "an unknown operationId",
      () => client.call("noSuchOperation" as never, {} as never),
      'no operation of the spec is called "noSuchOperation"',
    ],
    [
      "a body's required field below its minimum",
      () =>
        client.call("retryWorkflowExecution", {
          path: { wid: "w" },
          body: { laneIndex: 0, laneRunNumber: 1 },
        }),
      "laneIndex must be an integer of at least 1",
    ],
    [
      "no body where one is required",
      () => client.call("rerunWorkflowExecution", { path: { wid: "w" } } as never),
      "rerunWorkflowExecution needs { laneIndex, laneRunNumber }",
    ],
    [
      "a missing path parameter",
      () => client.call("cancelWorkflowExecution", {} as never),
      'wid must be a non-empty string other than "." and "..", not undefined',
    ],
  ])("%s is a usage error, and nothing is sent", async (_, send, message) => {
    const error = await rejectionOf(send());
    expect(error).toBeInstanceOf(OneproviderUsageError);
    expect(error.message).toBe(message);
  });
});
