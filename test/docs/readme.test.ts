import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, test, vi } from "vitest";
import { createOneproviderClient, type OneproviderClientOptions } from "../../src/index.js";
import { startMockOneprovider } from "../../src/mock/index.js";
import { repoRoot } from "../support/spec.js";

// The README's TypeScript examples (and the guide's), compiled against the sources with the package's import names,
// so that they cannot drift from the code; the self-contained one also runs.
// The guide's too: every code block a user reads.
const readme = ["README.md", "docs/GUIDE.md"]
  .map((file) => readFileSync(path.join(repoRoot, file), "utf8"))
  .join("\n");
const blocks = [...readme.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map((match) =>
  match[2]!
    .split("\n")
    .map((line) => line.slice(match[1]!.length))
    .join("\n"),
);
// And the `@example`s of the sources, which the TypeScript reference shows.
const sources = readdirSync(path.join(repoRoot, "src"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => readFileSync(path.join(repoRoot, "src", file), "utf8"));
const examples = sources.flatMap((source) =>
  [...source.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((match) =>
    match[1]!
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n"),
  ),
);
blocks.push(...examples);
const folder = path.join(repoRoot, "test/docs/.readme-blocks");
const entryPoints: Record<string, string> = {
  "oneprovider-atm-client": "src/index.js",
  "oneprovider-atm-client/raw": "src/raw.js",
  "oneprovider-atm-client/audit-log": "src/audit-log.js",
  "oneprovider-atm-client/validate": "src/validate.js",
  "oneprovider-atm-client/node": "src/node.js",
  "oneprovider-atm-client/mock": "src/mock/index.js",
};
const files = blocks.map((block, index) => {
  const file = path.join(folder, `block-${index + 1}.ts`);
  const source = block.replace(/from "(oneprovider-atm-client[^"]*)"/g, (_whole, name: string) => {
    const target = entryPoints[name];
    if (!target) throw new Error(`README imports ${name}, which the package does not export`);
    return `from ${JSON.stringify(path.relative(folder, path.join(repoRoot, target)).replaceAll(path.sep, "/"))}`;
  });
  return { file, source: `${source}\nexport {};\n` };
});
mkdirSync(folder, { recursive: true });
for (const { file, source } of files) writeFileSync(file, source);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("what a user reads first", () => {
  const userReadme = readFileSync(path.join(repoRoot, "README.md"), "utf8");

  test("the README is for users: short, with the install line and how to run the tool", () => {
    expect(userReadme.split("\n").length).toBeLessThanOrEqual(300);
    expect(userReadme).toContain("npm install oneprovider-atm-client");
    expect(userReadme).toContain("npx oneprovider-atm");
    expect(userReadme).toMatch(/a default wait waits for someone to resume it/);
  });

  test("no inline code span is broken across lines, where it reads as two", () => {
    for (const file of ["README.md", "docs/GUIDE.md", "CONTRIBUTING.md"]) {
      const prose = readFileSync(path.join(repoRoot, file), "utf8").replace(/^( *)```[\s\S]*?^\1```/gm, "");
      const broken = prose.split("`").filter((part, index) => index % 2 === 1 && part.includes("\n"));
      expect(broken, file).toEqual([]);
    }
  });
});

describe("the README's examples", () => {
  test("there are examples for the client, the mock, validation and TLS, and in the reference", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  test("all compile, strictly, against the sources", () => {
    const program = ts.createProgram(
      files.map(({ file }) => file),
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ["lib.es2023.d.ts", "lib.es2024.string.d.ts", "lib.dom.d.ts"],
        types: ["node"],
        skipLibCheck: true,
      },
    );
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  test("the mock example runs the lifecycle and does what its comments say", async () => {
    const mockExample = files.find(({ source }) => source.includes("startMockOneprovider("));
    expect(mockExample).toBeDefined();
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await import(mockExample!.file);
    expect(log.mock.calls.map((call) => call[0])).toEqual([
      "scheduled",
      "failed",
      "[Lane: 2, Run: 1] Lane run failed.",
      "finished",
    ]);
    log.mockRestore();
  });

  test("the OpenTelemetry example traces every attempt, into an in-memory exporter", async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    const example = files.find(({ source }) => source.includes("function withTracing("));
    expect(example).toBeDefined();
    const { withTracing } = (await import(example!.file)) as {
      withTracing: (options: OneproviderClientOptions) => OneproviderClientOptions;
    };
    const mock = await startMockOneprovider({ clock: "manual", scenarios: ["finished"] });
    try {
      const client = createOneproviderClient(withTracing({ baseUrl: mock.baseUrl, token: mock.token }));
      await client.getWorkflowExecution(mock.executions.finished);
      await client.getWorkflowExecution("no-such-execution").catch(() => undefined);
      const nowhere = createOneproviderClient(
        withTracing({ baseUrl: "http://127.0.0.1:9/api/v3/oneprovider", token: mock.token, retry: false }),
      );
      await nowhere.getWorkflowExecution("x").catch(() => undefined);
    } finally {
      await mock.close();
    }
    const spans = exporter.getFinishedSpans();
    expect(
      spans.map((span) => [span.name, span.attributes["http.response.status_code"], span.status.code]),
    ).toEqual([
      ["getWorkflowExecutionDetails", 200, 0],
      ["getWorkflowExecutionDetails", 404, 2],
      ["getWorkflowExecutionDetails", undefined, 2],
    ]);
    expect(spans[0]!.attributes["url.full"]).toContain(mock.executions.finished);
    expect(spans[2]!.events.map((event) => event.name)).toEqual(["exception"]);
    for (const span of spans) expect(JSON.stringify(span.attributes)).not.toContain(mock.token);
  });
});
