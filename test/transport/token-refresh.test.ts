import { describe, expect, test } from "vitest";
import { OneproviderApiError } from "../../src/index.js";
import { expectNoToken, rejectionOf, sendJson, type Handler } from "../support/http-server.js";
import { engines, envelope, execution, harness, wid } from "../support/both-engines.js";

const unauthorized = envelope("unauthorized", "You must authenticate yourself to perform this operation.");
/** A server that accepts only `valid`, as Onedata checks the token before it acts: 200 for a GET, else 204. */
const acceptOnly =
  (valid: string): Handler =>
  (request, response) => {
    if (request.headers["x-auth-token"] !== valid) return sendJson(response, 401, unauthorized);
    if (request.method === "GET") return sendJson(response, 200, execution);
    response.writeHead(204).end();
  };

describe.each(engines)("over %s", (engineName) => {
  const { clientFor } = harness(engineName);

  test("a token function is called with rejected: false for every request", async () => {
    const calls: unknown[] = [];
    const { client } = await clientFor(acceptOnly("fresh-token-1"), {
      token: (request) => (calls.push(request), "fresh-token-1"),
    });
    await client.getWorkflowExecution(wid);
    await client.getWorkflowExecution(wid);
    expect(calls).toEqual([{ rejected: false }, { rejected: false }]);
  });

  test.each([
    ["a GET", "get"],
    ["a POST (pause)", "pause"],
    ["a DELETE", "delete"],
  ])(
    "after a 401 of %s it is asked again with rejected: true, and a new token is sent once more",
    async (_label, what) => {
      const calls: Array<{ rejected: boolean }> = [];
      let current = "expired-token-0";
      const { client, server } = await clientFor(acceptOnly("renewed-token-1"), {
        token: (request) => {
          calls.push(request);
          if (request.rejected) current = "renewed-token-1";
          return current;
        },
      });
      if (what === "get") await client.getWorkflowExecution(wid);
      else if (what === "pause") await client.pauseWorkflowExecution(wid);
      else await client.deleteWorkflowExecution(wid);
      expect(calls).toEqual([{ rejected: false }, { rejected: true }]);
      expect(server.requests.map((request) => request.headers["x-auth-token"])).toEqual([
        "expired-token-0",
        "renewed-token-1",
      ]);
    },
  );

  test("a refreshed call's last 401 is redacted of every token it sent, the rejected one too", async () => {
    const first = "first-token-aaaaaaaaaaaaaaaa";
    const second = "second-token-bbbbbbbbbbbbbbbb";
    // A server that echoes every token it has been sent, everywhere an error keeps text from.
    const seen: string[] = [];
    const { client } = await clientFor(
      (request, response) => {
        seen.push(String(request.headers["x-auth-token"]));
        const sent = seen.join(" ");
        sendJson(response, 401, {
          error: {
            id: "unauthorized",
            description: `bad token ${sent}`,
            details: { [sent]: sent, authError: { id: "badToken", description: sent } },
            ctx: { token: sent },
          },
        });
      },
      {
        token: ({ rejected }) => (rejected ? second : first),
      },
    );
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error.status).toBe(401);
    expectNoToken(error, first);
    expectNoToken(error, second);
    expect(error.description).toBe("bad token [token] [token]");
  });

  test("a rotated token is redacted from the errors of later calls too: every token the client has sent", async () => {
    const old = "old-token-cccccccccccccccccc";
    const rotated = "rotated-token-dddddddddddddddd";
    let current = old;
    // A server that remembers the first token it saw and echoes it in every later error.
    let first: string | undefined;
    const { client } = await clientFor(
      (request, response) => {
        first ??= String(request.headers["x-auth-token"]);
        if (request.url!.endsWith(`/${wid}`)) return sendJson(response, 200, execution);
        sendJson(response, 404, { error: { id: "notFound", description: `first token was ${first}` } });
      },
      { token: () => current },
    );
    await client.getWorkflowExecution(wid);
    current = rotated;
    const error = await rejectionOf(client.getWorkflowExecution("other-wid"));
    expect(error.status).toBe(404);
    expectNoToken(error, old);
    expect(error.description).toBe("first token was [token]");
  });

  test("the last 16 distinct tokens sent are redacted from later errors; older ones are forgotten", async () => {
    const tokenNumber = (n: number) => `token-number-${String(n).padStart(2, "0")}-eeeeeeee`;
    let current = tokenNumber(1);
    const { client } = await clientFor(
      (request, response) => {
        if (request.url!.endsWith(`/${wid}`)) return sendJson(response, 200, execution);
        const echoed = `${tokenNumber(1)} ${tokenNumber(2)}`;
        sendJson(response, 404, { error: { id: "notFound", description: echoed } });
      },
      { token: () => current },
    );
    // Token 1, then token 2 sixteen times: two distinct tokens, so token 1 is still remembered.
    await client.getWorkflowExecution(wid);
    current = tokenNumber(2);
    for (let sent = 0; sent < 16; sent += 1) await client.getWorkflowExecution(wid);
    expect((await rejectionOf(client.getWorkflowExecution("other"))).description).toBe("[token] [token]");
    // Tokens 3 to 17: token 2 is now the 16th most recent and still redacted; token 1 is forgotten.
    for (let n = 3; n <= 17; n += 1) {
      current = tokenNumber(n);
      await client.getWorkflowExecution(wid);
    }
    expect((await rejectionOf(client.getWorkflowExecution("other"))).description).toBe(
      `${tokenNumber(1)} [token]`,
    );
  });

  test("the same token again: the 401 is the error, and nothing is sent again", async () => {
    const { client, server } = await clientFor(acceptOnly("never"), { token: () => "same-token-0" });
    const error = await rejectionOf(client.pauseWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({
      status: 401,
      errorId: "unauthorized",
      operationId: "pauseWorkflowExecution",
    });
    expect(server.requests).toHaveLength(1);
  });

  test("a second 401 is the error: the token is renewed once per call, not in a loop", async () => {
    let n = 0;
    const { client, server } = await clientFor(acceptOnly("never"), { token: () => `token-${(n += 1)}` });
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toMatchObject({ status: 401 });
    expect(server.requests).toHaveLength(2);
  });

  test("a plain token string is never re-sent after a 401", async () => {
    const { client, server } = await clientFor(acceptOnly("never"), { token: "fixed-token-0" });
    expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({ status: 401 });
    expect(server.requests).toHaveLength(1);
  });

  test("hooks see the re-sent request as one more attempt", async () => {
    const events: string[] = [];
    let current = "old-token-00";
    const { client } = await clientFor(acceptOnly("new-token-01"), {
      token: ({ rejected }) => (rejected ? (current = "new-token-01") : current),
      onRequest: (event) => void events.push(`request ${event.attempt}`),
      onResponse: (event) => void events.push(`response ${event.attempt} ${event.status}`),
    });
    await client.getWorkflowExecution(wid);
    expect(events).toEqual(["request 1", "response 1 401", "request 2", "response 2 200"]);
  });
});
