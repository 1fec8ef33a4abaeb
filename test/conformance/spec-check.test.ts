import { describe, expect, test } from "vitest";
import { checkAgainstSpec } from "../../src/conformance/spec-check.js";
import type { ExchangeResponse } from "../../src/conformance/exchange.js";
import { makeExecution, makeLane, makeLaneRun } from "../support/executions.js";

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ExchangeResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("an answer held to the spec as written", () => {
  test("a real execution passes, with nothing added", () => {
    const found = checkAgainstSpec("getWorkflowExecutionDetails", json(200, makeExecution()));
    expect(found.drift).toEqual([]);
    expect(found.additions).toEqual([]);
  });

  test("a key the spec does not name is an addition, not drift; so is one under details and ctx", () => {
    const found = checkAgainstSpec(
      "getWorkflowExecutionDetails",
      json(404, {
        error: { id: "notFound", description: "x", ctx: { service: "op", newKey: 1 }, hint2: "y" },
      }),
    );
    expect(found.drift).toEqual([]);
    expect(found.additions.map((each) => each.pointer).sort()).toEqual(["/error/ctx/newKey", "/error/hint2"]);
  });

  test("a value of an extensible enum the spec does not name is drift (the client survives it, the spec should name it)", () => {
    const body = makeExecution({
      lanes: [makeLane([makeLaneRun({ status: "pending", runType: "retried" })])],
    });
    const found = checkAgainstSpec("getWorkflowExecutionDetails", json(200, body));
    expect(found.drift.map((each) => each.pointer).sort()).toEqual([
      "/lanes/0/runs/0/runType",
      "/lanes/0/runs/0/status",
    ]);
  });

  test("a missing key names itself in the pointer; a null where the spec allows one passes", () => {
    const body = makeExecution({ systemAuditLogStoreId: null }) as Record<string, unknown>;
    delete body.storeRegistry;
    const found = checkAgainstSpec("getWorkflowExecutionDetails", json(200, body));
    expect(found.drift).toEqual([
      {
        operationId: "getWorkflowExecutionDetails",
        status: 200,
        pointer: "/storeRegistry",
        message: "is missing",
      },
    ]);
  });

  test("a key with a slash or a tilde is escaped in the pointer (RFC 6901)", () => {
    const found = checkAgainstSpec("getConfiguration", json(200, { "a/b~c": 1 }));
    expect(found.additions.map((each) => each.pointer)).toEqual(["/a~1b~0c"]);
  });

  test("an undeclared status, a wrong media type, a missing required header, a body where none is declared", () => {
    expect(checkAgainstSpec("getConfiguration", json(418, {})).drift[0]?.message).toMatch(
      /^status 418 is not one the spec declares \(200, 405, 500, 503\)$/,
    );
    expect(
      checkAgainstSpec("getWorkflowExecutionDetails", { status: 502, headers: {}, body: "<html>" }).drift[0]
        ?.message,
    ).toMatch(/^status 502 is not one/);
    expect(
      checkAgainstSpec("getWorkflowExecutionDetails", {
        status: 404,
        headers: { "content-type": "text/html" },
        body: "<html>",
      }).drift.map((each) => each.message),
    ).toEqual(["content-type text/html; the spec says application/json", "the body is not JSON"]);
    expect(
      checkAgainstSpec("deleteWorkflowExecution", { status: 405, headers: {}, body: "nope" }).drift.map(
        (each) => each.message,
      ),
    ).toEqual(["no allow header, which the spec requires", "a body, where the spec declares none"]);
    expect(checkAgainstSpec("cancelWorkflowExecution", { status: 204, headers: {}, body: "" }).drift).toEqual(
      [],
    );
  });

  test("a content-type with parameters is compared by its media type", () => {
    const found = checkAgainstSpec(
      "getConfiguration",
      json(200, { version: "21.02.8" }, { "content-type": "Application/JSON; charset=utf-8" }),
    );
    expect(found.drift).toEqual([]);
  });

  test("a dump cut at the tool's limit is held by the entries that arrived whole", () => {
    const entry = { index: "0", timestamp: 1, severity: "info", content: {} };
    const bad = { index: 1, timestamp: 2, severity: "loud", content: {} };
    const body = `[${JSON.stringify(entry)},\r\n${JSON.stringify(bad)},\r\n{"index":"2","times`;
    const found = checkAgainstSpec("dumpAtmStore", {
      status: 200,
      headers: { "content-type": "application/json", "content-disposition": "attachment" },
      body,
      truncated: true,
    });
    expect(found.json).toEqual([entry, bad]);
    expect(found.drift.map((each) => each.pointer).sort()).toEqual(["/1/index", "/1/severity"]);
  });
});

describe("a long array, held a slice at a time", () => {
  const entry = (index: number) => ({
    index: String(index),
    timestamp: 1764241200000 + index,
    severity: "info",
    content: { description: "x" },
  });

  test("each finding keeps its place in the whole array, past the first slice", () => {
    const entries = Array.from({ length: 1_000 }, (_, index) => entry(index));
    (entries[700] as Record<string, unknown>).severity = 7;
    (entries[701] as Record<string, unknown>).extra = true;
    const found = checkAgainstSpec(
      "dumpAtmStore",
      json(200, entries, { "content-disposition": 'attachment; filename="log.json"' }),
    );
    expect([...new Set(found.drift.map((each) => each.pointer))]).toEqual(["/700/severity"]);
    expect(found.additions.map((each) => each.pointer)).toEqual(["/701/extra"]);
    expect(found.heldItems).toBeUndefined();
  });

  test("a dump of 100 000 bad entries is held only until its findings are more than a report lists", () => {
    const bad = Array.from({ length: 100_000 }, (_, index) => ({ ...entry(index), severity: 9 }));
    const found = checkAgainstSpec("dumpAtmStore", json(200, bad));
    expect(found.drift.length).toBeGreaterThan(1_000);
    expect(found.drift.length).toBeLessThan(1_600);
    // Whole slices of 256, as far as the findings reached the bound.
    expect(found.heldItems).toEqual({ held: 512, of: 100_000 });
  });
});

describe("what both release lines send, held to the spec", () => {
  const ctx25 = {
    onedataErrorsRevision: "1.2.3",
    module: "middleware",
    line: 120,
    timestamp: 1764241200000,
    service: "opw",
    serviceId: "0c0ffee0000000000000000000000000ch0001",
    serviceDomain: "provider.example.org",
    serviceReleaseVersion: "25.1",
    serviceBuildVersion: "231-g8d26f953c3",
  };

  test.each<[string, Parameters<typeof checkAgainstSpec>[0], number, unknown]>([
    [
      "a 25.x 401 without a token: authError null, with ctx",
      "listWorkflowExecutions",
      401,
      {
        error: {
          id: "unauthorized",
          ctx: ctx25,
          details: { authError: null },
          description: "You must authenticate yourself to perform this operation: no details available.",
        },
      },
    ],
    [
      "a 25.x 500 without a reference",
      "getWorkflowExecutionDetails",
      500,
      { error: { id: "internalServerError", ctx: ctx25, details: { reference: null }, description: "x." } },
    ],
    [
      "a 25.x badData with hint null",
      "scheduleWorkflowExecution",
      400,
      { error: { id: "badData", ctx: null, details: { key: "callback", hint: null }, description: "x." } },
    ],
    [
      "a configuration with a broken compatibility registry, on a provider not registered",
      "getConfiguration",
      200,
      {
        providerId: null,
        name: null,
        domain: null,
        onezoneDomain: null,
        version: "25.1",
        build: "231-g8d26f953c3",
        compatibleOnezoneVersions: "unknown",
        compatibleOneproviderVersions: "unknown",
        compatibleOneclientVersions: "unknown",
      },
    ],
  ])("%s: no drift", (_label, operationId, status, body) => {
    const found = checkAgainstSpec(operationId, json(status, body));
    expect(found.drift).toEqual([]);
  });

  test("a compatibility list that is another string is still drift", () => {
    const found = checkAgainstSpec(
      "getConfiguration",
      json(200, { version: "25.1", compatibleOneclientVersions: "none" }),
    );
    expect(found.drift.map((each) => each.pointer)).toContain("/compatibleOneclientVersions");
  });
});
