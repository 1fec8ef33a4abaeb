import { afterEach } from "vitest";
import { createOneproviderClient, type OneproviderClientOptions } from "../../src/index.js";
import { createNodeClient } from "../../src/node.js";
import { startTestServer, type Handler, type TestServer } from "./http-server.js";
import { resolveRef, spec } from "./spec.js";

/**
 * The two HTTP engines every transport behaviour is tested over: fetch (`createOneproviderClient`) and
 * node:http (`createNodeClient`, and the CLI).
 */
export const engines = ["fetch", "node:http"] as const;
export type EngineName = (typeof engines)[number];

export const token = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgMi9ubWQvdXNyLXNlY3JldC10b2tlbg";
export const wid = "7f3d9a2c4b6e8f0a1c3e5d7b9f2a4c6ech0a1b";
export const execution = resolveRef<{ value: unknown }>(spec.components.examples.JustScheduled!).value;
export const fastRetry = { retries: 2, minDelayMs: 5, maxDelayMs: 40 };

export const envelope = (id: string, description: string, extra: Record<string, unknown> = {}) => ({
  error: { id, description, ...extra },
});
export const html = (title: string) =>
  `<html><head><title>${title}</title></head><body><h1>${title}</h1><hr>nginx</body></html>`;

/**
 * Clients over one engine against real loopback servers, which are closed after each test. Call it
 * inside a `describe`, so that its cleanup hook belongs there.
 */
export function harness(engineName: EngineName) {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const makeClient = (options: OneproviderClientOptions) => {
    if (engineName === "fetch") return createOneproviderClient(options);
    const { fetch: _fetch, ...nodeOptions } = options;
    return createNodeClient(nodeOptions);
  };

  async function serve(handler: Handler) {
    const server = await startTestServer(handler);
    servers.push(server);
    return server;
  }

  async function clientFor(handler: Handler, options: Partial<OneproviderClientOptions> = {}) {
    const server = await serve(handler);
    const client = makeClient({ baseUrl: server.baseUrl, token, retry: fastRetry, ...options });
    const executionRequests = () =>
      server.requests.filter((request) => request.rawUrl.includes("/workflows/"));
    return { server, client, attempts: () => executionRequests().length };
  }

  return { makeClient, serve, clientFor };
}
