import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import {
  createOneproviderClient,
  isOneproviderApiError,
  workflowPhase,
  type AuditLogEntry,
  type OneproviderClient,
} from "../../src/index.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { rejectionOf } from "../support/http-server.js";
import { schemaValidator } from "../support/spec.js";

let mock: MockOneprovider;
let client: OneproviderClient;
let ended: string[];
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", seed: 11 });
  client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, retry: false });
  await mock.runToEnd();
  const stopped = await Promise.all(mock.executionIds.map((wid) => client.getWorkflowExecution(wid)));
  ended = stopped
    .filter((execution) => workflowPhase(execution.status) === "ended")
    .map((e) => e.atmWorkflowExecutionId);
});
afterAll(() => mock.close());

const validateList = schemaValidator("AtmWorkflowExecutionList");
const validateEntry = schemaValidator("AuditLogEntry");
const validateError = schemaValidator("ErrorResponse");

describe("the mock's list of executions", () => {
  test("lists each phase as the server does: every id of that phase, newest entry first", async () => {
    const page = await client.listWorkflowExecutions(mock.spaceId, { phase: "ended" });
    expect(validateList(page)).toBe(true);
    expect(new Set(page.atmWorkflowExecutions)).toEqual(new Set(ended));
    expect(page.isLast).toBe(true);
    const finishTimes = await Promise.all(
      page.atmWorkflowExecutions.map(async (wid) => (await client.getWorkflowExecution(wid)).finishTime),
    );
    expect(finishTimes).toEqual([...finishTimes].sort((a, b) => b - a));
    const suspended = await client.listWorkflowExecutions(mock.spaceId, { phase: "suspended" });
    expect(suspended.atmWorkflowExecutions).toEqual([mock.executions.paused]);
    // The default phase is ongoing, and nothing is ongoing any more.
    expect(await client.listWorkflowExecutions(mock.spaceId)).toEqual({
      atmWorkflowExecutions: [],
      isLast: true,
      nextPageToken: null,
    });
  });

  test("pages: a page exactly full has a token, and the next one is empty", async () => {
    const all = (await client.listWorkflowExecutions(mock.spaceId, { phase: "ended" })).atmWorkflowExecutions;
    const first = await client.listWorkflowExecutions(mock.spaceId, { phase: "ended", limit: all.length });
    expect(first).toMatchObject({ atmWorkflowExecutions: all, isLast: false });
    expect(first.nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/);
    const next = await client.listWorkflowExecutions(mock.spaceId, {
      phase: "ended",
      token: first.nextPageToken!,
    });
    expect(next).toEqual({ atmWorkflowExecutions: [], isLast: true, nextPageToken: null });
    const ids: string[] = [];
    for await (const id of client.iterateWorkflowExecutions(mock.spaceId, { phase: "ended", pageSize: 1 }))
      ids.push(id);
    expect(ids).toEqual(all);
    // offset -1 with a token repeats the last id of the previous page.
    const one = await client.listWorkflowExecutions(mock.spaceId, { phase: "ended", limit: 1 });
    const again = await client.listWorkflowExecutions(mock.spaceId, {
      phase: "ended",
      limit: 1,
      offset: -1,
      token: one.nextPageToken!,
    });
    expect(again.atmWorkflowExecutions).toEqual(one.atmWorkflowExecutions);
  });

  test.each([
    ["limit=0", "badValueNotInRange", { key: "limit", low: 1, high: 1000 }],
    ["limit=1001", "badValueNotInRange", { key: "limit", low: 1, high: 1000 }],
    ["limit=abc", "badValueInteger", { key: "limit" }],
    ["limit=1.5", "badValueInteger", { key: "limit" }],
    [
      "phase=running",
      "badValueNotAllowed",
      { key: "phase", allowed: ["waiting", "ongoing", "suspended", "ended"] },
    ],
    ["token=", "badValueEmpty", { key: "token" }],
    ["offset=x", "badValueInteger", { key: "offset" }],
    ["limit=1&limit=2", "badValueInteger", { key: "limit" }],
    // Keys are checked in byte order: limit before phase.
    ["phase=foo&limit=0", "badValueNotInRange", { key: "limit", low: 1, high: 1000 }],
  ])("?%s is 400 %s with the server's details", async (query, id, details) => {
    const response = await fetch(
      `${mock.baseUrl}/spaces/${mock.spaceId}/automation/execution/workflows?${query}`,
      {
        headers: { "x-auth-token": mock.token },
      },
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(validateError(body)).toBe(true);
    expect(body.error).toMatchObject({ id, details });
  });

  test("who may list: a guest is 401, a user without the privilege or an unknown space 403", async () => {
    const guest = await fetch(`${mock.baseUrl}/spaces/${mock.spaceId}/automation/execution/workflows`);
    expect(guest.status).toBe(401);
    const restricted = createOneproviderClient({
      baseUrl: mock.baseUrl,
      token: mock.restrictedToken,
      retry: false,
    });
    expect(
      isOneproviderApiError(await rejectionOf(restricted.listWorkflowExecutions(mock.spaceId)), "forbidden"),
    ).toBe(true);
    expect(
      isOneproviderApiError(await rejectionOf(client.listWorkflowExecutions("no-such-space")), "forbidden"),
    ).toBe(true);
    // A bad query is refused before the token is looked at (a guest gets the 400); the client would
    // refuse it before sending.
    const badQuery = await fetch(
      `${mock.baseUrl}/spaces/${mock.spaceId}/automation/execution/workflows?limit=0`,
    );
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).error.id).toBe("badValueNotInRange");
  });

  test("a token that is not base64url is the server's 500", async () => {
    // Kept on purpose, though a 400 would be kinder: the server's base64:decode crashes on such a
    // token, and its middleware answers 500 internalServerError (the list route, onedata-actions §1). The
    // mock copies the server, so that a client is tested against what it will really meet.
    const response = await fetch(
      `${mock.baseUrl}/spaces/${mock.spaceId}/automation/execution/workflows?token=a!b`,
      {
        headers: { "x-auth-token": mock.token },
      },
    );
    expect(response.status).toBe(500);
  });
});

describe("the mock's audit logs", () => {
  const dump = async (storeId: string) => {
    const entries: AuditLogEntry[] = [];
    for await (const entry of dumpAuditLog(client, storeId)) entries.push(entry);
    return entries;
  };

  test("each execution's system log tells its story, oldest first, in the server's format", async () => {
    const execution = await client.getWorkflowExecution(mock.executions.retried);
    const entries = await dump(execution.systemAuditLogStoreId!);
    for (const entry of entries) expect(validateEntry(entry)).toBe(true);
    expect(entries[0]!.content).toEqual({
      description: "Scheduled execution.",
      details: { scheduledLaneRunSelector: { laneIndex: 1, RunNumber: 1 } },
    });
    expect(entries.map((entry) => entry.index)).toEqual(entries.map((_, index) => String(index)));
    const timestamps = entries.map((entry) => entry.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(Math.floor(timestamps[0]! / 1000)).toBe(execution.scheduleTime);
    const descriptions = entries.map((entry) => (entry.content as { description: string }).description);
    expect(descriptions).toContain("[Lane: 2, Run: 1] Lane run failed.");
    expect(entries.find((entry) => entry.severity === "error")).toBeDefined();
    expect(descriptions.at(-1)).toBe("Stopped execution.");
    expect(entries.every((entry) => !("source" in entry))).toBe(true);
  });

  test("the log grows as the execution moves, each entry when its change happens", async () => {
    const young = await startMockOneprovider({ clock: "manual", scenarios: ["finished"], seed: 12 });
    try {
      const youngClient = createOneproviderClient({ baseUrl: young.baseUrl, token: young.token });
      const storeId = (await youngClient.getWorkflowExecution(young.executions.finished))
        .systemAuditLogStoreId!;
      const entries = async () => {
        const read: AuditLogEntry[] = [];
        for await (const entry of dumpAuditLog(youngClient, storeId)) read.push(entry);
        return read;
      };
      const counts = [(await entries()).length];
      for (let step = 0; step < 12; step += 1) {
        await young.advance(1000);
        counts.push((await entries()).length);
      }
      expect(counts[0]).toBe(1); // "Scheduled execution."
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(counts.at(-1)!).toBeGreaterThan(counts[0]!);
      // Whatever was read earlier stays as it was: the log only grows at its end.
      await young.runToEnd();
      const whole = await entries();
      expect(whole.at(-1)!.content).toMatchObject({ description: "Stopped execution." });
      const now = whole.at(-1)!.timestamp;
      expect(whole.every((entry) => entry.timestamp <= now)).toBe(true);
    } finally {
      await young.close();
    }
  });

  test("another store of the execution is 400 notSupported; an unknown one 404; without access 403", async () => {
    const execution = await client.getWorkflowExecution(mock.executions.finished);
    const other = Object.values(execution.storeRegistry)[0]!;
    expect(isOneproviderApiError(await rejectionOf(dump(other)), "notSupported")).toBe(true);
    expect(isOneproviderApiError(await rejectionOf(dump("no-such-store")), "notFound")).toBe(true);
    // A lane run's exception and iterated stores are stores of the execution too (§11, row 4).
    const runs = (await client.getWorkflowExecution(mock.executions.failed)).lanes.flatMap(
      (lane) => lane.runs,
    );
    const runStores = runs
      .flatMap((run) => [run.exceptionStoreId, run.iteratedStoreId])
      .filter((id) => id !== null);
    expect(runStores.length).toBeGreaterThan(1);
    for (const store of runStores)
      expect(isOneproviderApiError(await rejectionOf(dump(store!)), "notSupported"), store!).toBe(true);
    const restricted = createOneproviderClient({
      baseUrl: mock.baseUrl,
      token: mock.restrictedToken,
      retry: false,
    });
    const denied = await rejectionOf(dumpAuditLog(restricted, execution.systemAuditLogStoreId!).next());
    expect(isOneproviderApiError(denied, "forbidden")).toBe(true);
  });
});

describe("the mock's check order", () => {
  const url = () => `${mock.baseUrl}/automation/execution/workflows/${mock.executions.finished}`;

  test.each(["PUT", "PATCH", "HEAD"])("%s on an execution is 405 with allow and no body", async (method) => {
    const response = await fetch(url(), { method, headers: { "x-auth-token": mock.token } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("DELETE, GET");
    expect(await response.text()).toBe("");
  });

  test("405 comes before the token is checked", async () => {
    const response = await fetch(`${mock.baseUrl}/spaces/${mock.spaceId}/automation/execution/workflows`, {
      method: "POST",
      headers: { "x-auth-token": "forged" },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });

  test("406 for an Accept the route does not produce, with no body; after a bad token's 401", async () => {
    const refused = await fetch(url(), { headers: { "x-auth-token": mock.token, accept: "text/html" } });
    expect(refused.status).toBe(406);
    expect(await refused.text()).toBe("");
    const dumpJsonOnly = await fetch(
      `${mock.baseUrl}/automation/execution/stores/${(await client.getWorkflowExecution(mock.executions.finished)).systemAuditLogStoreId}/dump`,
      { headers: { "x-auth-token": mock.token, accept: "application/json" } },
    );
    expect(dumpJsonOnly.status).toBe(406);
    const forged = await fetch(url(), { headers: { "x-auth-token": "forged", accept: "text/html" } });
    expect(forged.status).toBe(401);
  });
});
