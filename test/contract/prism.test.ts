import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOneproviderClient, OneproviderApiError, type FetchFunction } from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import { repoRoot, resolveRef, schemaValidator, spec } from "../support/spec.js";

// A server no one here wrote: Stoplight Prism, mocking openapi.yaml. The client must understand
// everything the spec says the server may send.
let prism: ChildProcess;
let baseUrl: string;

beforeAll(async () => {
  prism = spawn(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/@stoplight/prism-cli/dist/index.js"),
      "mock",
      path.join(repoRoot, "openapi.yaml"),
      "-h",
      "127.0.0.1",
      "-p",
      "0",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  baseUrl = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${output}`)), 25_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    prism.stdout!.on("data", onData);
    prism.stderr!.on("data", onData);
    prism.once("exit", (code) => reject(new Error(`prism exited with ${code}:\n${output}`)));
  });
}, 30_000);

afterAll(() => {
  if (prism.pid !== undefined && prism.exitCode === null) process.kill(prism.pid);
});

/** A fetch that asks Prism for one named example, or one status, through its Prefer header. */
function preferring(prefer: string): FetchFunction {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("prefer", prefer);
    return fetch(input, { ...init, headers });
  };
}

const validateExecution = schemaValidator("AtmWorkflowExecutionDetails");
const wid = "6b1c5e3b1f8a4e0d9c2b7a6f5e4d3c2bch1a2b";
const operation = spec.paths["/automation/execution/workflows/{wid}"]!.get!;
const executionExamples = Object.keys(
  resolveRef<any>(operation.responses["200"]!).content["application/json"].examples,
);

describe("the client against Prism serving openapi.yaml", () => {
  test("the default answer is an execution that satisfies the schema", async () => {
    const client = createOneproviderClient({ baseUrl, token: "any-token", retry: false });
    const execution = await client.getWorkflowExecution(wid);
    expect(validateExecution(execution)).toBe(true);
  });

  test.each(executionExamples)("example %s comes through unchanged", async (name) => {
    const client = createOneproviderClient({
      baseUrl,
      token: "any-token",
      fetch: preferring(`example=${name}`),
    });
    const expected = resolveRef<any>(
      resolveRef<any>(operation.responses["200"]!).content["application/json"].examples[name],
    ).value;
    await expect(client.getWorkflowExecution(wid)).resolves.toEqual(expected);
  });

  test.each([
    [400, "badValueIdentifier"],
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "notFound"],
    [500, "internalServerError"],
  ])("status %i becomes OneproviderApiError %s", async (status, errorId) => {
    const client = createOneproviderClient({
      baseUrl,
      token: "any-token",
      retry: false,
      fetch: preferring(`code=${status}`),
    });
    const error = await rejectionOf(client.getWorkflowExecution(wid));
    expect(error).toBeInstanceOf(OneproviderApiError);
    expect(error).toMatchObject({ status, errorId });
    expect(typeof error.description).toBe("string");
  });

  test("503 is retried, then reported", async () => {
    let calls = 0;
    const fetchCounting: FetchFunction = (input, init) => {
      calls += 1;
      return preferring("code=503")(input, init);
    };
    const client = createOneproviderClient({
      baseUrl,
      token: "t",
      fetch: fetchCounting,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
    });
    expect(await rejectionOf(client.getWorkflowExecution(wid))).toMatchObject({
      status: 503,
      errorId: "serviceUnavailable",
    });
    expect(calls).toBe(2);
  });

  test("both token headers satisfy the spec's security; none is refused", async () => {
    await expect(
      createOneproviderClient({ baseUrl, token: "t", authScheme: "bearer" }).getWorkflowExecution(wid),
    ).resolves.toBeDefined();
    const error = await rejectionOf(
      createOneproviderClient({ baseUrl, retry: false }).getWorkflowExecution(wid),
    );
    expect(error).toMatchObject({ name: "OneproviderApiError", status: 401 });
  });
});
