import { afterAll, beforeAll, expect, test } from "vitest";
import { existsSync } from "node:fs";
import { sendJson, startTestServer, type TestServer } from "../support/http-server.js";
import { cli, runCli } from "../support/run-cli.js";
import { resolveRef, spec } from "../support/spec.js";

// `logs --follow` waits between polls on its stop signal: each wait must leave no listener behind,
// or Node warns of a leak after ten polls, and the listeners pile up for as long as it follows.
const example = (name: string) =>
  resolveRef<{ value: { atmWorkflowExecutionId: string } & Record<string, unknown> }>(
    spec.components.examples[name]!,
  ).value;
const running = { ...example("ActiveWithRunPreparedInAdvance"), systemAuditLogStoreId: "store-1" };
const ended = { ...example("FinishedAfterAutomaticRetry"), systemAuditLogStoreId: "store-1" };
const polls = 25;
let server: TestServer;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  let details = 0;
  server = await startTestServer((request, response) => {
    if (request.url?.includes("/dump")) return sendJson(response, 200, []);
    details += 1;
    sendJson(response, 200, details < polls ? running : ended);
  });
});
afterAll(() => server.close());

test(`a follow of ${polls} polls warns of no listener leak, and ends when the execution does`, async () => {
  const result = await runCli(
    ["logs", String(running.atmWorkflowExecutionId), "--follow", "--interval", "1"],
    { baseUrl: server.baseUrl, token: "follow-token-0123456789" },
    [],
    { NODE_OPTIONS: "--trace-warnings" },
  );
  expect(result.stderr).not.toContain("MaxListenersExceededWarning");
  expect(result.code).toBe(0);
  expect(server.requests.filter((request) => !request.rawUrl.includes("/dump"))).toHaveLength(polls);
});
