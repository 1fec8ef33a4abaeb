import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dumpAuditLog } from "../../src/audit-log.js";
import {
  createOneproviderClient,
  getProviderConfiguration,
  OneproviderApiError,
  type FetchFunction,
  type OneproviderClient,
} from "../../src/index.js";
import { rejectionOf } from "../support/http-server.js";
import {
  repoRoot,
  resolveRef,
  schemaValidator,
  spec,
  type OperationObject,
  type ResponseObject,
} from "../support/spec.js";

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
    expect((await fetch(`${baseUrl}/automation/execution/workflows/${wid}`)).status).toBe(401);
  });
});

/** Every operation of the spec, called through the client as a user would. */
const calls: Record<string, (client: OneproviderClient) => Promise<unknown>> = {
  getConfiguration: (client) => getProviderConfiguration(client),
  getWorkflowExecutionDetails: (client) => client.getWorkflowExecution(wid),
  listWorkflowExecutions: (client) => client.listWorkflowExecutions("space-1", { phase: "ended", limit: 10 }),
  scheduleWorkflowExecution: (client) =>
    client.scheduleWorkflowExecution({
      spaceId: "space-1",
      atmWorkflowSchemaId: "schema-1",
      atmWorkflowSchemaRevisionNumber: 2,
      storeInitialContentOverlay: { "input-files": [] },
      logLevel: "debug",
    }),
  deleteWorkflowExecution: (client) => client.deleteWorkflowExecution(wid),
  cancelWorkflowExecution: (client) => client.cancelWorkflowExecution(wid),
  pauseWorkflowExecution: (client) => client.pauseWorkflowExecution(wid),
  resumeWorkflowExecution: (client) => client.resumeWorkflowExecution(wid),
  forceContinueWorkflowExecution: (client) => client.forceContinueWorkflowExecution(wid),
  retryWorkflowExecution: (client) => client.retryWorkflowExecution(wid, { laneIndex: 2, laneRunNumber: 1 }),
  rerunWorkflowExecution: (client) => client.rerunWorkflowExecution(wid, { laneIndex: 1, laneRunNumber: 3 }),
  dumpAtmStore: async (client) => {
    const entries = [];
    for await (const entry of dumpAuditLog(client, "store-1")) entries.push(entry);
    return entries;
  },
};

const operations = Object.values(spec.paths).flatMap((pathItem) =>
  Object.values(pathItem),
) as OperationObject[];

/** What Prism answers by default for a status: the first example, or nothing. */
function firstExample(response: ResponseObject): unknown {
  const media = response.content?.["application/json"];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const [first] = Object.values(media.examples ?? {});
  return first === undefined ? undefined : resolveRef<{ value: unknown }>(first).value;
}

describe("every operation of the spec, against Prism", () => {
  test("each one has a call here", () => {
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(Object.keys(calls).sort());
  });

  // Prism checks each request against the spec (path, query, body, Content-Type) and answers 400
  // when it does not match: a success here means the client sends what the spec describes.
  const cases = operations.flatMap((operation) =>
    Object.entries(operation.responses).map(([status, responseOrRef]) => ({
      operationId: operation.operationId,
      status: Number(status),
      response: resolveRef<ResponseObject>(responseOrRef),
    })),
  );
  test.each(cases.map((each) => [`${each.operationId} ${each.status}`, each] as const))(
    "%s",
    async (_label, { operationId, status, response }) => {
      const client = createOneproviderClient({
        baseUrl,
        token: "any-token",
        retry: false,
        fetch: preferring(`code=${status}`),
      });
      const outcome = await calls[operationId]!(client).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const example = firstExample(response);
      if (status < 300) {
        expect(outcome).toEqual({ value: example });
        return;
      }
      const { error } = outcome as { error: OneproviderApiError };
      expect(error).toBeInstanceOf(OneproviderApiError);
      expect(error.status).toBe(status);
      expect(error.errorId).toBe((example as { error?: { id: string } } | undefined)?.error?.id);
    },
  );
});
