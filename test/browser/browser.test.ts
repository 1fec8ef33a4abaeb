import { describe, expect, inject, test } from "vitest";
// The built main entry, as a bundler would take it: browser-safe, no node: imports.
import {
  createOneproviderClient,
  OneproviderApiError,
  OneproviderNetworkError,
  summarizeExecution,
} from "../../dist/src/index.js";
import { rawClient } from "../../dist/src/raw.js";

const { baseUrl, token, wid } = inject("mock");

describe("in headless Chromium", () => {
  test("fetches an execution from a loopback provider across origins (CORS)", async () => {
    expect(typeof window).toBe("object");
    expect(location.origin).not.toBe(new URL(baseUrl).origin);
    const client = createOneproviderClient({ baseUrl, token });
    const execution = await client.getWorkflowExecution(wid);
    expect(execution.atmWorkflowExecutionId).toBe(wid);
    expect(summarizeExecution(execution).phase).toBe("ended");
  });

  test("the client leaves the user-agent to the browser", async () => {
    let userAgent: string | null | undefined;
    const client = createOneproviderClient({
      baseUrl,
      token,
      fetch: async (input, init) => {
        userAgent = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {})).get(
          "user-agent",
        );
        return new Response(JSON.stringify({ atmWorkflowExecutionId: wid }), { status: 200 });
      },
    });
    await client.getWorkflowExecution(wid).catch(() => undefined);
    expect(userAgent).toBeNull();
  });

  test("errors are typed in the browser too", async () => {
    const client = createOneproviderClient({ baseUrl, token, retry: false });
    const missing = await client.getWorkflowExecution("no-such-id").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OneproviderApiError);
    expect((missing as OneproviderApiError).errorId).toBe("notFound");
    const nowhere = createOneproviderClient({
      baseUrl: "http://127.0.0.1:9/api/v3/oneprovider",
      token,
      retry: false,
    });
    expect(await nowhere.getWorkflowExecution(wid).catch((error: unknown) => error)).toBeInstanceOf(
      OneproviderNetworkError,
    );
  });

  test("rawClient works with the browser's fetch", async () => {
    const { data, response } = await rawClient(createOneproviderClient({ baseUrl, token })).GET(
      "/automation/execution/workflows/{wid}",
      {
        params: { path: { wid } },
      },
    );
    expect(response.status).toBe(200);
    expect(data?.atmWorkflowExecutionId).toBe(wid);
  });
});
