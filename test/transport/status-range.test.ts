import { expect, test } from "vitest";
import { createClientWithEngine } from "../../src/client/create-client.js";
import { OneproviderApiError, OneproviderInvalidResponseError } from "../../src/errors/error-classes.js";
import { scriptedEngine } from "../support/scripted-engine.js";

// A status outside 200–599 is no HTTP answer at all; the ends of the range are ones, and the error
// names the attempt it came from.
const clientWith = (status: number) =>
  createClientWithEngine(
    { baseUrl: "https://p.test/api/v3/oneprovider", token: "t0k3n", retry: false },
    scriptedEngine([{ status, body: '{"error":{"id":"x","description":"d"}}' }]),
  );

test.each([600, 199, 0, 1000])("status %i is an invalid response that says so", async (status) => {
  const error = await clientWith(status)
    .getWorkflowExecution("w")
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OneproviderInvalidResponseError);
  expect((error as Error).message).toBe(
    `GET https://p.test/api/v3/oneprovider/automation/execution/workflows/w: HTTP status ${status} is not one HTTP defines`,
  );
});

test("599 is an HTTP status: an API error", async () => {
  const error = await clientWith(599)
    .getWorkflowExecution("w")
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OneproviderApiError);
  expect(error).toMatchObject({ status: 599 });
});
