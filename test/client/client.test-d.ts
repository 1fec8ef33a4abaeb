import { describe, expectTypeOf, test } from "vitest";
import {
  createOneproviderClient,
  type AtmLaneRun,
  type AtmLaneRunStatus,
  type AtmWorkflowExecution,
  type AtmWorkflowExecutionStatus,
  type ErrorJson,
  type OneproviderApiError,
  type components,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";

const client = createOneproviderClient({ host: "provider.example.org", token: "t" });

describe("types of the client", () => {
  test("getWorkflowExecution resolves to the generated execution type", () => {
    expectTypeOf(client.getWorkflowExecution("wid")).resolves.toEqualTypeOf<AtmWorkflowExecution>();
    expectTypeOf<AtmWorkflowExecution>().toEqualTypeOf<
      components["schemas"]["AtmWorkflowExecutionDetails"]
    >();
  });

  test("nullable fields are nullable, the others are not", () => {
    expectTypeOf<AtmLaneRun["runNumber"]>().toEqualTypeOf<number | null>();
    expectTypeOf<AtmLaneRun["originRunNumber"]>().toEqualTypeOf<number | null>();
    expectTypeOf<AtmWorkflowExecution["systemAuditLogStoreId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<AtmWorkflowExecution["startTime"]>().toEqualTypeOf<number>();
    expectTypeOf<AtmLaneRun["parallelBoxes"]>().toBeArray();
  });

  test("statuses are open unions: known literals are members, any string is accepted", () => {
    expectTypeOf<"active">().toExtend<AtmWorkflowExecutionStatus>();
    expectTypeOf<"finished">().toExtend<AtmWorkflowExecutionStatus>();
    expectTypeOf<"some-future-status">().toExtend<AtmWorkflowExecutionStatus>();
    expectTypeOf<"enqueued">().toExtend<AtmLaneRunStatus>();
    expectTypeOf<string>().toExtend<AtmLaneRunStatus>();
    // The known literals survive in the type (so editors offer them), rather than collapsing to string.
    expectTypeOf<Extract<AtmWorkflowExecutionStatus, "paused">>().toEqualTypeOf<"paused">();
    expectTypeOf<Extract<AtmLaneRunStatus, "preparing">>().toEqualTypeOf<"preparing">();
  });

  test("the nested authError of an API error is typed", () => {
    expectTypeOf<NonNullable<OneproviderApiError["details"]>["authError"]>().toEqualTypeOf<
      ErrorJson | undefined
    >();
    expectTypeOf<OneproviderApiError["errorId"]>().toEqualTypeOf<string | undefined>();
  });

  test("bad calls do not compile", () => {
    // @ts-expect-error a wid is a string
    void client.getWorkflowExecution(42);
    // @ts-expect-error only the two schemes exist
    createOneproviderClient({ host: "h", authScheme: "basic" });
  });

  test("rawClient knows the paths", () => {
    expectTypeOf(rawClient(client).GET).parameter(0).toEqualTypeOf<"/automation/execution/workflows/{wid}">();
  });

  test("the client itself carries no openapi-fetch", () => {
    expectTypeOf(client).not.toHaveProperty("raw");
  });
});
