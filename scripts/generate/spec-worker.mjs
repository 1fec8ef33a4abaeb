// @ts-check
/**
 * The heavy half of the pipeline, in a worker thread: lint openapi.yaml with Redocly, then compile it
 * to TypeScript with the openapi-typescript Node API. Both need Redocly's openapi-core, loaded here
 * once; TypeScript is most of the cost. Meanwhile the main thread loads and warms up the formatter,
 * and derives the other files as soon as the lint hands it the parsed spec.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

/**
 * @typedef {{ problems: string[], spec: unknown }} LintResult  problems are one line each, rule and place
 * @typedef {{ kind: "lint", result: LintResult } | { kind: "types", text: string } | { kind: "error", error: string }} WorkerMessage
 */

/**
 * Starts the worker. `lint` resolves with the problems and the parsed spec; `types` with the text of
 * generated/openapi.ts before header and formatting (it is not started when the lint finds problems).
 * @param {{ specPath: string, configPath: string }} paths
 * @returns {{ lint: Promise<LintResult>, types: Promise<string> }}
 */
export function startSpecWorker(paths) {
  const worker = new Worker(new URL(import.meta.url), { workerData: paths });
  const lint = deferred();
  const types = deferred();
  // A pipeline that stops at the lint never asks for the types: no unhandled rejection for them.
  types.promise.catch(() => undefined);
  /** @param {Error} error */
  const fail = (error) => {
    lint.reject(error);
    types.reject(error);
  };
  worker.on("message", (/** @type {WorkerMessage} */ message) => {
    if (message.kind === "lint") lint.resolve(message.result);
    else if (message.kind === "types") types.resolve(message.text);
    else fail(new Error(message.error));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`the spec worker stopped (exit code ${code})`)));
  return {
    lint: /** @type {Promise<LintResult>} */ (lint.promise),
    types: /** @type {Promise<string>} */ (types.promise),
  };
}

/** A promise with its settle functions at hand (Promise.withResolvers comes with Node 22). */
function deferred() {
  /** @type {(value: any) => void} */
  let resolve = () => undefined;
  /** @type {(error: Error) => void} */
  let reject = () => undefined;
  const promise = new Promise((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/**
 * An enum marked `x-extensible-enum` lists the values known today; newer servers may send others.
 * Its type becomes an open union: the known literals still autocomplete, any other string is accepted.
 * @param {typeof import("typescript")} ts
 * @param {typeof import("openapi-typescript")} openapiTypescript
 * @returns {NonNullable<import("openapi-typescript").OpenAPITSOptions["postTransform"]>}
 */
function openExtensibleEnums(ts, { tsUnion, tsIntersection, STRING }) {
  return (type, { schema }) => {
    if (!schema || !("x-extensible-enum" in schema) || schema["x-extensible-enum"] !== true) return undefined;
    return tsUnion([type, tsIntersection([STRING, ts.factory.createTypeLiteralNode([])])]);
  };
}

/**
 * @param {{ specPath: string, configPath: string }} paths
 * @param {(message: WorkerMessage) => void} post
 */
async function run({ specPath, configPath }, post) {
  // The CommonJS builds, loaded with require() on purpose: an ESM import of a CommonJS module makes
  // Node 20 scan its whole source for export names first, which for typescript.js alone costs about
  // 0.4 s, more than all the pipeline's work.
  const require = createRequire(import.meta.url);
  /** @type {typeof import("@redocly/openapi-core")} */
  const redocly = require("@redocly/openapi-core");

  // createConfig from the file's text resolves the same rules as loadConfig, without the ~90 ms that
  // loadConfig spends looking for Redocly account tokens and bundling the config as a document.
  const config = await redocly.createConfig(readFileSync(configPath, "utf8"), { configPath });
  let document;
  try {
    document = redocly.makeDocumentFromString(readFileSync(specPath, "utf8"), specPath);
  } catch (error) {
    // Not YAML at all: a problem like any other, reported the same way.
    const reason = error instanceof Error ? error.message.replace(/^Error: /, "") : String(error);
    post({ kind: "lint", result: { problems: [`error yaml at openapi.yaml: ${reason}`], spec: undefined } });
    return;
  }
  const found = await redocly.lintDocument({
    document,
    externalRefResolver: new redocly.BaseResolver(config.resolve),
    config: config.styleguide,
  });
  const problems = found.map((problem) => {
    const where = problem.location[0];
    const start = where && redocly.getLineColLocation(where).start;
    const place =
      where && start ? `openapi.yaml:${start.line}:${start.col} (${where.pointer})` : "openapi.yaml";
    return `${problem.severity} ${problem.ruleId} at ${place}: ${problem.message}`;
  });
  post({ kind: "lint", result: { problems, spec: document.parsed } });
  if (problems.length > 0) return;

  /** @type {typeof import("typescript")} */
  const ts = require("typescript");
  /** @type {typeof import("openapi-typescript")} */
  const openapiTypescript = require("openapi-typescript");
  const { default: openapiTS, astToString, c } = openapiTypescript;
  c.enabled = false;
  // The spec has just been linted with the project's rules; openapi-typescript need not lint again.
  const quiet = await redocly.createConfig({ rules: {} }, { extends: [] });
  const nodes = await openapiTS(/** @type {import("openapi-typescript").OpenAPI3} */ (document.parsed), {
    redocly: quiet,
    silent: true,
    rootTypes: true,
    alphabetize: true,
    postTransform: openExtensibleEnums(ts, openapiTypescript),
  });
  post({ kind: "types", text: astToString(nodes) });
}

if (!isMainThread && parentPort && workerData?.specPath) {
  const port = parentPort;
  run(workerData, (message) => port.postMessage(message)).catch((error) =>
    port.postMessage({
      kind: "error",
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
}
