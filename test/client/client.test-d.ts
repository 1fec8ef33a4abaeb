import { describe, expectTypeOf, test } from "vitest";
import {
  createOneproviderClient,
  type AtmLaneRun,
  type AtmLaneRunStatus,
  type AtmWorkflowExecution,
  type AtmWorkflowExecutionStatus,
  type ErrorId,
  type ErrorJson,
  type OneproviderApiError,
  type components,
} from "../../src/index.js";
import { rawClient } from "../../src/raw.js";
import {
  allowedActions,
  isOneproviderApiError,
  type AllowedActions,
  type LaneRunRef,
} from "../../src/index.js";

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

  test("the nested authError of an API error is typed; 25.x sends null for a 401 without a token", () => {
    expectTypeOf<NonNullable<OneproviderApiError["details"]>["authError"]>().toEqualTypeOf<
      ErrorJson | null | undefined
    >();
    expectTypeOf<OneproviderApiError["errorId"]>().toEqualTypeOf<ErrorId | undefined>();
    // The ids the spec names autocomplete; any other string a newer server sends still fits.
    expectTypeOf<"atmWorkflowExecutionNotEnded">().toExtend<ErrorId>();
    expectTypeOf<"someFutureError">().toExtend<ErrorId>();
  });

  test("bad calls do not compile", () => {
    // @ts-expect-error a wid is a string
    void client.getWorkflowExecution(42);
    // @ts-expect-error only the two schemes exist
    createOneproviderClient({ host: "h", authScheme: "basic" });
  });

  test("rawClient knows the paths", () => {
    expectTypeOf(rawClient(client).GET)
      .parameter(0)
      .toEqualTypeOf<
        | "/automation/execution/workflows/{wid}"
        | "/spaces/{sid}/automation/execution/workflows"
        | "/automation/execution/stores/{sid}/dump"
        | "/configuration"
      >();
  });

  test("the client itself carries no openapi-fetch", () => {
    expectTypeOf(client).not.toHaveProperty("raw");
  });

  test("the lifecycle operations take and give the spec's shapes", () => {
    expectTypeOf(client.listWorkflowExecutions("space")).resolves.toEqualTypeOf<
      components["schemas"]["AtmWorkflowExecutionList"]
    >();
    expectTypeOf(client.iterateWorkflowExecutions("space")).toExtend<AsyncIterable<string>>();
    expectTypeOf(
      client.scheduleWorkflowExecution({
        spaceId: "s",
        atmWorkflowSchemaId: "a",
        atmWorkflowSchemaRevisionNumber: 1,
      }),
    ).resolves.toEqualTypeOf<{ atmWorkflowExecutionId: string }>();
    expectTypeOf(client.cancelWorkflowExecution("wid")).resolves.toBeVoid();
    expectTypeOf(
      client.retryWorkflowExecution("wid", { laneIndex: 2, laneRunNumber: 1 }),
    ).resolves.toBeVoid();
    expectTypeOf(allowedActions).returns.toEqualTypeOf<AllowedActions>();
    expectTypeOf<AllowedActions["retry"]>().toEqualTypeOf<LaneRunRef[]>();
  });

  test("bad lifecycle calls do not compile", () => {
    void client.scheduleWorkflowExecution({
      spaceId: "s",
      atmWorkflowSchemaId: "a",
      // @ts-expect-error the revision is an integer, not a string (the public page is wrong)
      atmWorkflowSchemaRevisionNumber: "1",
    });
    // @ts-expect-error phase is one of the four
    void client.listWorkflowExecutions("space", { phase: "running" });
    // @ts-expect-error a retry names its run
    void client.retryWorkflowExecution("wid");
  });

  test("isOneproviderApiError narrows unknown, and to one id", () => {
    const caught: unknown = new Error("x");
    if (isOneproviderApiError(caught)) expectTypeOf(caught.errorId).toEqualTypeOf<ErrorId | undefined>();
    if (isOneproviderApiError(caught, "atmInvalidStatusTransition")) {
      expectTypeOf(caught.errorId).toEqualTypeOf<"atmInvalidStatusTransition">();
      expectTypeOf(caught.details?.prevStatus).toEqualTypeOf<string | undefined>();
    }
  });
});

describe("types of client.call", () => {
  test("the input and the answer come from the generated operations", () => {
    expectTypeOf(client.call("getWorkflowExecutionDetails", { path: { wid: "w" } })).resolves.toEqualTypeOf<
      components["schemas"]["AtmWorkflowExecutionDetails"]
    >();
    expectTypeOf(
      client.call("cancelWorkflowExecution", { path: { wid: "w" } }),
    ).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(client.call("getConfiguration")).resolves.toEqualTypeOf<
      components["schemas"]["ProviderConfiguration"]
    >();
    // @ts-expect-error: the path parameter is required
    void client.call("pauseWorkflowExecution", {});
    // @ts-expect-error: a retry needs its lane run
    void client.call("retryWorkflowExecution", { path: { wid: "w" } });
    // @ts-expect-error: not an operation of the spec
    void client.call("pause", { path: { wid: "w" } });
  });

  test("the actions' names are the keys of allowedActions", () => {
    expectTypeOf<keyof AllowedActions>().toEqualTypeOf<
      keyof typeof import("../../generated/operations.js").ACTIONS
    >();
  });
});
