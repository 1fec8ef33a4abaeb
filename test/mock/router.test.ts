import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.js";
import { matchOperation } from "../../src/api/operation-table.js";
import { startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";

// The mock routes by the operation table the pipeline generates: no route is written by hand.
const byPath = new Map<string, string[]>();
for (const { method, path } of Object.values(OPERATIONS))
  byPath.set(path, [...(byPath.get(path) ?? []), method]);
const filled = (path: string) => path.replace(/\{(\w+)\}/g, (_whole, name: string) => `a-${name}`);

describe("matchOperation", () => {
  test.each(Object.entries(OPERATIONS))(
    "finds %s from its method and a path of its shape",
    (operationId, { method, path }) => {
      const found = matchOperation(method, filled(path));
      expect(found).toEqual({
        operationId,
        pathParameters: Object.fromEntries(
          [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `a-${name}`]),
        ),
      });
    },
  );

  test("decodes path parameters, and gives the allowed methods for another method", () => {
    expect(matchOperation("GET", "/automation/execution/workflows/a%2Fb")).toMatchObject({
      pathParameters: { wid: "a/b" },
    });
    expect(matchOperation("PUT", "/automation/execution/workflows/x")).toEqual({
      allowed: ["GET", "DELETE"],
    });
    expect(matchOperation("GET", "/automation/execution/unknown")).toBeUndefined();
    expect(matchOperation("GET", "/automation/execution/workflows/x/y/z")).toBeUndefined();
  });
});

describe("the mock's router", () => {
  let mock: MockOneprovider;
  beforeAll(async () => {
    mock = await startMockOneprovider({ clock: "manual" });
  });
  afterAll(() => mock.close());

  test.each([...byPath.entries()])(
    "%s: a method it does not have is 405, allowing exactly the table's",
    async (path, methods) => {
      const response = await fetch(`${mock.baseUrl}${filled(path)}`, {
        method: "PUT",
        headers: { "x-auth-token": mock.token },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")?.split(", ").sort()).toEqual([...methods].sort());
      expect(await response.text()).toBe("");
    },
  );

  test("a path the table does not have is 404", async () => {
    const response = await fetch(`${mock.baseUrl}/automation/execution/nothing`, {
      headers: { "x-auth-token": mock.token },
    });
    expect(response.status).toBe(404);
  });
});
