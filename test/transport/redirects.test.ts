import { describe, expect, test } from "vitest";
import { OneproviderRedirectError } from "../../src/index.js";
import { expectNoToken, rejectionOf, sendJson } from "../support/http-server.js";
import { engines, harness, execution, wid, token } from "../support/both-engines.js";

describe.each(engines)("over %s", (engineName) => {
  const { serve, clientFor } = harness(engineName);

  describe("redirects", () => {
    test("a same-origin redirect is followed, with the token", async () => {
      const { client, server } = await clientFor((request, r) => {
        if (request.url?.includes("/workflows/")) {
          r.writeHead(307, { location: "/moved/here" });
          return r.end();
        }
        sendJson(r, 200, execution);
      });
      await expect(client.getWorkflowExecution(wid)).resolves.toEqual(execution);
      expect(server.requests.map((request) => request.rawUrl)).toEqual([
        `/api/v3/oneprovider/automation/execution/workflows/${wid}`,
        "/moved/here",
      ]);
      expect(server.requests[1]!.headers["x-auth-token"]).toBe(token);
    });

    test("a cross-origin redirect is refused, naming the target, and the token never goes there", async () => {
      const elsewhere = await serve((_q, r) => sendJson(r, 200, execution));
      const { client } = await clientFor((_q, r) => {
        r.writeHead(302, { location: `${elsewhere.origin}/steal?x=1` });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error).toMatchObject({ status: 302, location: `${elsewhere.origin}/steal` });
      expect(error.message).toContain(elsewhere.origin);
      expect(elsewhere.requests).toHaveLength(0);
      expectNoToken(error, token);
    });

    test("a same-origin redirect with credentials in its URL is refused, and they are never sent or shown", async () => {
      const { client, server } = await clientFor((request, r) => {
        const { port } = new URL(`http://${request.headers.host}`);
        r.writeHead(302, { location: `http://user:pa55word@127.0.0.1:${port}/moved` });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error.message).toContain("to a URL with credentials in it: not followed");
      expect(error.location).not.toContain("pa55word");
      expect(JSON.stringify(error)).not.toContain("pa55word");
      expect(server.requests).toHaveLength(1);
    });

    test("a user name alone in a redirect's URL is a credential too", async () => {
      const { client, server } = await clientFor((request, r) => {
        const { port } = new URL(`http://${request.headers.host}`);
        r.writeHead(302, { location: `http://someone@127.0.0.1:${port}/moved` });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error.message).toContain("to a URL with credentials in it: not followed");
      expect(server.requests).toHaveLength(1);
    });

    test("a redirect loop ends with OneproviderRedirectError", async () => {
      const { client } = await clientFor((_q, r) => {
        r.writeHead(302, { location: "/loop" });
        r.end();
      });
      const error = await rejectionOf(client.getWorkflowExecution(wid));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error.message).toContain("more than 5 times");
    });
  });
});
