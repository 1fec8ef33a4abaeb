import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import { isOneproviderApiError, OneproviderApiError, OneproviderUsageError } from "../../src/index.js";
import { engines, envelope, harness, wid } from "../support/both-engines.js";
import { rejectionOf, sendJson, sendText } from "../support/http-server.js";

/** The body of a request, read whole. */
function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
  });
}

const api = "/api/v3/oneprovider";
const schedule = {
  spaceId: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4bch3d90",
  atmWorkflowSchemaId: "4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4cch5b1c",
  atmWorkflowSchemaRevisionNumber: 1,
  logLevel: "debug" as const,
};

describe.each(engines)("the lifecycle operations over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  /** A server that answers every request with `answer` and records what it got, body included. */
  async function recording(answer: (response: Parameters<typeof sendJson>[0]) => void) {
    const seen: Array<{ method: string; url: string; contentType: string | undefined; body: string }> = [];
    const setup = await clientFor(async (request, response) => {
      seen.push({
        method: request.method!,
        url: request.url!,
        contentType: request.headers["content-type"],
        body: await bodyOf(request),
      });
      answer(response);
    });
    return { ...setup, seen };
  }

  test("schedule: POST with the body as JSON, Content-Type exactly application/json; resolves with the id", async () => {
    const { client, seen } = await recording((r) => sendJson(r, 201, { atmWorkflowExecutionId: wid }));
    await expect(client.scheduleWorkflowExecution(schedule)).resolves.toEqual({
      atmWorkflowExecutionId: wid,
    });
    expect(seen).toEqual([
      {
        method: "POST",
        url: `${api}/automation/execution/workflows`,
        contentType: "application/json",
        body: JSON.stringify(schedule),
      },
    ]);
  });

  test.each([
    ["cancelWorkflowExecution", "cancel"],
    ["pauseWorkflowExecution", "pause"],
    ["resumeWorkflowExecution", "resume"],
    ["forceContinueWorkflowExecution", "force_continue"],
  ] as const)("%s: POST …/%s with no body; resolves on 204", async (name, action) => {
    const { client, seen } = await recording((r) => sendText(r, 204, ""));
    await expect(client[name](wid)).resolves.toBeUndefined();
    expect(seen).toEqual([
      {
        method: "POST",
        url: `${api}/automation/execution/workflows/${wid}/${action}`,
        contentType: undefined,
        body: "",
      },
    ]);
  });

  test.each([
    ["retryWorkflowExecution", "retry"],
    ["rerunWorkflowExecution", "rerun"],
  ] as const)("%s: POST …/%s with the lane run as JSON", async (name, action) => {
    const { client, seen } = await recording((r) => sendText(r, 204, ""));
    await expect(client[name](wid, { laneIndex: 2, laneRunNumber: 3 })).resolves.toBeUndefined();
    expect(seen).toEqual([
      {
        method: "POST",
        url: `${api}/automation/execution/workflows/${wid}/${action}`,
        contentType: "application/json",
        body: '{"laneIndex":2,"laneRunNumber":3}',
      },
    ]);
  });

  test("delete: DELETE on the execution; resolves on 204", async () => {
    const { client, seen } = await recording((r) => sendText(r, 204, ""));
    await expect(client.deleteWorkflowExecution(wid)).resolves.toBeUndefined();
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `DELETE ${api}/automation/execution/workflows/${wid}`,
    ]);
  });

  test("list: GET with the query parameters given, none other; gives the page as sent", async () => {
    const page = { atmWorkflowExecutions: [wid], isLast: false, nextPageToken: "ODI5OQ" };
    const { client, seen } = await recording((r) => sendJson(r, 200, page));
    await expect(
      client.listWorkflowExecutions("space-1", { phase: "ended", limit: 20, token: "ab/c" }),
    ).resolves.toEqual(page);
    await client.listWorkflowExecutions("space-1");
    expect(seen.map(({ url }) => url)).toEqual([
      `${api}/spaces/space-1/automation/execution/workflows?phase=ended&limit=20&token=ab%2Fc`,
      `${api}/spaces/space-1/automation/execution/workflows`,
    ]);
  });

  test("an action refused by the state machine is a typed error with its id and details", async () => {
    const refusal = envelope("atmInvalidStatusTransition", "Invalid status transition (see details).", {
      details: { prevStatus: "paused", newStatus: "stopping" },
    });
    const { client, attempts } = await clientFor((_q, r) => sendJson(r, 400, refusal));
    const error = await rejectionOf(client.pauseWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(isOneproviderApiError(error, "atmInvalidStatusTransition")).toBe(true);
    expect(isOneproviderApiError(error, "atmWorkflowExecutionEnded")).toBe(false);
    expect(error).toMatchObject({
      status: 400,
      wid,
      details: { prevStatus: "paused", newStatus: "stopping" },
    });
    expect(attempts()).toBe(1);
  });

  describe("an action is repeated only when the server certainly did not act", () => {
    test.each([
      [503, 3],
      [429, 3],
      [502, 1],
      [504, 1],
      [500, 1],
    ])("after %i: %i request(s)", async (status, expected) => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, status, ""));
      await rejectionOf(client.cancelWorkflowExecution(wid));
      expect(attempts()).toBe(expected);
    });

    test("after a reset once the request was sent: one request", async () => {
      const { client, attempts } = await clientFor((request) => request.socket.destroy());
      await rejectionOf(client.retryWorkflowExecution(wid, { laneIndex: 1, laneRunNumber: 1 }));
      expect(attempts()).toBe(1);
    });
  });

  describe("bad input fails before any request", () => {
    test.each([
      ["laneIndex 0", { laneIndex: 0, laneRunNumber: 1 }],
      ["laneRunNumber 1.5", { laneIndex: 1, laneRunNumber: 1.5 }],
      ["a string laneIndex", { laneIndex: "2", laneRunNumber: 1 }],
      ["no run at all", undefined],
    ])("retry with %s", async (_label, run) => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 204, ""));
      expect(await rejectionOf(client.retryWorkflowExecution(wid, run as never))).toBeInstanceOf(
        OneproviderUsageError,
      );
      expect(attempts()).toBe(0);
    });

    test.each([
      ["no spaceId", { ...schedule, spaceId: "" }],
      ["a revision that is a string", { ...schedule, atmWorkflowSchemaRevisionNumber: "1" }],
      ["a revision of 0", { ...schedule, atmWorkflowSchemaRevisionNumber: 0 }],
      ["no request", null],
    ])("schedule with %s", async (_label, request) => {
      const { client, server } = await clientFor((_q, r) => sendText(r, 204, ""));
      expect(await rejectionOf(client.scheduleWorkflowExecution(request as never))).toBeInstanceOf(
        OneproviderUsageError,
      );
      expect(server.requests).toHaveLength(0);
    });

    test("a bad timeoutMs of one call is a rejection, not a throw", async () => {
      const { client, attempts } = await clientFor((_q, r) => sendText(r, 204, ""));
      const call = client.cancelWorkflowExecution(wid, { timeoutMs: -1 });
      expect(await rejectionOf(call)).toBeInstanceOf(OneproviderUsageError);
      expect(await rejectionOf(client.getWorkflowExecution(wid, { timeoutMs: 0 }))).toBeInstanceOf(
        OneproviderUsageError,
      );
      expect(attempts()).toBe(0);
    });

    test.each([0, 1001, 2.5])("iterate with pageSize %s", async (pageSize) => {
      const { client, server } = await clientFor((_q, r) => sendText(r, 204, ""));
      const iterator = client.iterateWorkflowExecutions("space", { pageSize })[Symbol.asyncIterator]();
      expect(await rejectionOf(iterator.next())).toBeInstanceOf(OneproviderUsageError);
      expect(server.requests).toHaveLength(0);
    });
  });
});
