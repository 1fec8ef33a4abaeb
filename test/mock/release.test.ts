import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createOneproviderClient,
  getProviderConfiguration,
  isOneproviderApiError,
  OneproviderApiError,
  SPEC_RELEASES,
  SPEC_VERSION,
} from "../../src/index.js";
import { MOCK_RELEASES, startMockOneprovider, type MockOneprovider } from "../../src/mock/index.js";
import { rejectionOf } from "../support/http-server.js";
import { schemaValidator } from "../support/spec.js";

// The mock as a 25.1 provider (onedata-25.md): the same routes and executions, errors in the new form.
const validateError = schemaValidator("ErrorResponse");
let mock: MockOneprovider;
beforeAll(async () => {
  mock = await startMockOneprovider({ clock: "manual", release: "25.1" });
  await mock.runToEnd();
});
afterAll(() => mock.close());

const get = async (path: string, headers: Record<string, string> = { "x-auth-token": mock.token }) => {
  const response = await fetch(`${mock.baseUrl}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as { error: Record<string, any> } };
};
const details = (wid: string) => `/automation/execution/workflows/${wid}`;

describe("a 25.1 mock", () => {
  test("a 401 without a token: details.authError null, ctx of the provider, the 25.x wording", async () => {
    const { status, body } = await get(details(mock.executions.finished), {});
    expect(status).toBe(401);
    expect(body.error).toMatchObject({
      id: "unauthorized",
      details: { authError: null },
      description: "You must authenticate yourself to perform this operation: no details available.",
      ctx: { service: "opw", serviceReleaseVersion: "25.1" },
    });
    expect(Object.keys(body.error.ctx).sort()).toEqual(
      [
        "line",
        "module",
        "onedataErrorsRevision",
        "service",
        "serviceBuildVersion",
        "serviceDomain",
        "serviceId",
        "serviceReleaseVersion",
        "timestamp",
      ].sort(),
    );
    expect(validateError(body)).toBe(true);
  });

  test("a bad token: the nested authError is an error of its own, with its ctx", async () => {
    const { body } = await get(details(mock.executions.finished), { "x-auth-token": "forged" });
    expect(body.error.details.authError).toMatchObject({ id: "badToken", ctx: { service: "opw" } });
    expect(validateError(body)).toBe(true);
  });

  test("notFound keeps the old form, without ctx, in the new wording", async () => {
    const { status, body } = await get(details("no-such-id"));
    expect(status).toBe(404);
    expect(body.error).toEqual({ id: "notFound", description: "The requested resource could not be found." });
    expect(validateError(body)).toBe(true);
  });

  test("an action's refusal: ctx, and the transition named in one line", async () => {
    const response = await fetch(`${mock.baseUrl}${details(mock.executions.paused)}/pause`, {
      method: "POST",
      headers: { "x-auth-token": mock.token },
    });
    const body = (await response.json()) as { error: Record<string, any> };
    expect(body.error).toMatchObject({
      id: "atmInvalidStatusTransition",
      description: 'Invalid status transition from "paused" to "stopping".',
      ctx: { serviceReleaseVersion: "25.1" },
    });
    expect(validateError(body)).toBe(true);
  });

  test("the configuration says 25.1; the client reads every error of it as the same typed error", async () => {
    const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: "forged", retry: false });
    expect((await getProviderConfiguration(client)).version).toBe("25.1");
    const error = await rejectionOf(client.getWorkflowExecution(mock.executions.finished));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(isOneproviderApiError(error, "unauthorized")).toBe(true);
    expect(error.details).toMatchObject({ authError: { id: "badToken" } });
    expect(error.message.split("\n")).toHaveLength(1);
  });

  test("it answers as any release line the spec describes, the spec's own by default", async () => {
    expect(SPEC_RELEASES[0]).toBe(SPEC_VERSION);
    expect(SPEC_RELEASES).toContain("25.1");
    expect(MOCK_RELEASES).toEqual(SPEC_RELEASES);
    expect(mock.release).toBe("25.1");
    const plain = await startMockOneprovider({ clock: "manual", scenarios: [] });
    try {
      expect(plain.release).toBe(SPEC_VERSION);
    } finally {
      await plain.close();
    }
  });

  test("an unknown release is refused", async () => {
    await expect(startMockOneprovider({ release: "24.1" as never })).rejects.toThrow(
      'release must be one of 21.02.8, 25.1, not "24.1"',
    );
  });
});
