import { afterAll, beforeAll, expect, test } from "vitest";
import { OneproviderRedirectError } from "../../src/index.js";
import { createNodeClient, createNodeFetch } from "../../src/node.js";
import { createOneproviderClient } from "../../src/index.js";
import { expectNoToken, rejectionOf } from "../support/http-server.js";
import { startDualProtocolServer } from "../support/tls.js";

// An https provider that redirects to http on the same host and port: only the scheme differs, and
// the token must not travel in clear. Over node:https and over fetch (with the CA trusted).
const token = "downgrade-token-0123456789abcdef";
let server: Awaited<ReturnType<typeof startDualProtocolServer>>;
beforeAll(async () => {
  server = await startDualProtocolServer((request, response) => {
    response.writeHead(302, { location: `http://127.0.0.1:${server.port}${request.url}` }).end();
  });
});
afterAll(() => server.close());

test.each(["createNodeClient", "fetch"] as const)(
  "over %s an https → http redirect to the same host and port is refused, and nothing is sent in clear",
  async (way) => {
    const baseUrl = `https://127.0.0.1:${server.port}/api/v3/oneprovider`;
    const fetch = way === "fetch" ? createNodeFetch({ ca: server.cert }) : undefined;
    const client =
      way === "fetch"
        ? createOneproviderClient({ baseUrl, token, fetch: fetch! })
        : createNodeClient({ baseUrl, token, ca: server.cert });
    try {
      const error = await rejectionOf(client.getWorkflowExecution("wid-1"));
      expect(error).toBeInstanceOf(OneproviderRedirectError);
      expect(error.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(server.plainRequests).toEqual([]);
      expectNoToken(error, token);
    } finally {
      fetch?.close();
      if ("close" in client) (client as { close(): void }).close();
    }
  },
);
