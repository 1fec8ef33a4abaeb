import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  OneproviderApiError,
  OneproviderError,
  OneproviderNetworkError,
  isOneproviderApiError,
  isOneproviderError,
} from "../../src/index.js";
import { repoRoot } from "../support/spec.js";

// A second installed copy of the package (a monorepo, a linked package): the same built code at
// another path, so other classes. `instanceof` cannot see across; the guards can.
let copy: string;
let other: typeof import("../../src/errors/error-classes.js");
beforeAll(async () => {
  copy = mkdtempSync(path.join(tmpdir(), "atm-second-copy-"));
  // The built files with the sources their maps point to (../../../src), as a package ships them.
  cpSync(path.join(repoRoot, "dist"), path.join(copy, "dist"), { recursive: true });
  cpSync(path.join(repoRoot, "src"), path.join(copy, "src"), { recursive: true });
  cpSync(path.join(repoRoot, "generated"), path.join(copy, "generated"), { recursive: true });
  other = await import(pathToFileURL(path.join(copy, "dist/src/errors/error-classes.js")).href);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("errors of another installed copy", () => {
  test("are not instances of this copy's classes", () => {
    const error = new other.OneproviderApiError("GET /x: HTTP 404 notFound", {
      status: 404,
      errorId: "notFound",
    });
    expect(error).not.toBeInstanceOf(OneproviderError);
    expect(error).not.toBeInstanceOf(OneproviderApiError);
  });

  test("isOneproviderError is true for every one of them", () => {
    expect(isOneproviderError(new other.OneproviderError("x"))).toBe(true);
    expect(isOneproviderError(new other.OneproviderNetworkError("x", { kind: "refused" }))).toBe(true);
    expect(isOneproviderError(new other.OneproviderApiError("x", { status: 500 }))).toBe(true);
  });

  test("isOneproviderApiError is true for an API error, with its id, and only then", () => {
    const notFound = new other.OneproviderApiError("x", { status: 404, errorId: "notFound" });
    expect(isOneproviderApiError(notFound)).toBe(true);
    expect(isOneproviderApiError(notFound, "notFound")).toBe(true);
    expect(isOneproviderApiError(notFound, "forbidden")).toBe(false);
    expect(isOneproviderApiError(new other.OneproviderNetworkError("x", { kind: "dns" }))).toBe(false);
    expect(isOneproviderApiError(new other.OneproviderError("x"))).toBe(false);
  });

  test("and the other copy's guards know this copy's errors, by the same brand", () => {
    expect(other.isOneproviderError(new OneproviderNetworkError("x", { kind: "reset" }))).toBe(true);
    expect(
      other.isOneproviderApiError(
        new OneproviderApiError("x", { status: 404, errorId: "notFound" }),
        "notFound",
      ),
    ).toBe(true);
    expect(other.isOneproviderApiError(new OneproviderNetworkError("x", { kind: "reset" }))).toBe(false);
    expect(other.isOneproviderError(new Error("x"))).toBe(false);
  });

  test("and the guards agree with instanceof for this copy's own errors", () => {
    expect(isOneproviderError(new OneproviderNetworkError("x", { kind: "reset" }))).toBe(true);
    expect(
      isOneproviderApiError(new OneproviderApiError("x", { status: 403, errorId: "forbidden" }), "forbidden"),
    ).toBe(true);
  });
});

test.each([
  ["a plain Error", new Error("x")],
  ["a look-alike object", { name: "OneproviderApiError", status: 404, errorId: "notFound", message: "x" }],
  ["an Error named like ours", Object.assign(new Error("x"), { name: "OneproviderApiError", status: 404 })],
  ["null", null],
  ["a string", "OneproviderError"],
])("neither guard is true for %s", (_label, value) => {
  expect(isOneproviderError(value)).toBe(false);
  expect(isOneproviderApiError(value)).toBe(false);
});

test("errors carry the operation they come from", () => {
  const error = new OneproviderApiError("x", {
    status: 404,
    operationId: "getWorkflowExecutionDetails",
    pathParameters: { wid: "w-1" },
  });
  expect(error).toMatchObject({ operationId: "getWorkflowExecutionDetails", wid: "w-1" });
});
