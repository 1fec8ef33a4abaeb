// @ts-check
/**
 * openapi.yaml → TypeScript types, with the openapi-typescript Node API, in a worker thread: loading
 * TypeScript and openapi-typescript is most of the pipeline's cost, and a worker lets it overlap with
 * the lint and the formatter's start-up on the main thread.
 */
import { createRequire } from "node:module";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { installPackageCompileCache } from "./compile-cache.mjs";

/**
 * Compiles the spec at `specPath` to the text of generated/openapi.ts (before header and formatting).
 * @param {string} specPath
 * @returns {Promise<string>}
 */
export function compileTypesInWorker(specPath) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { specPath } });
    worker.once("message", (/** @type {{ text?: string, error?: string }} */ message) =>
      message.text !== undefined ? resolve(message.text) : reject(new Error(message.error)),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the type compiler stopped (exit code ${code})`)));
  });
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

/** @param {string} specPath */
async function compileTypes(specPath) {
  // The CommonJS builds, loaded with require() on purpose: an ESM import of a CommonJS module makes
  // Node 20 scan its whole source for export names first, which for typescript.js alone costs about
  // 0.4 s, more than all the pipeline's work.
  const require = createRequire(import.meta.url);
  const compileCache = installPackageCompileCache(["typescript", "@redocly/openapi-core"]);
  /** @type {typeof import("typescript")} */
  const ts = require("typescript");
  /** @type {typeof import("openapi-typescript")} */
  const openapiTypescript = require("openapi-typescript");
  /** @type {typeof import("@redocly/openapi-core")} */
  const { createConfig } = require("@redocly/openapi-core");
  const { default: openapiTS, astToString, c } = openapiTypescript;
  c.enabled = false;
  // The main thread lints with the project's full rules; linting again here would be wasted work.
  const redocly = await createConfig({ rules: {} }, { extends: [] });
  const nodes = await openapiTS(new URL(`file://${specPath}`), {
    redocly,
    silent: true,
    rootTypes: true,
    alphabetize: true,
    postTransform: openExtensibleEnums(ts, openapiTypescript),
  });
  const text = astToString(nodes);
  compileCache.save();
  return text;
}

if (!isMainThread && parentPort && workerData?.specPath) {
  const port = parentPort;
  compileTypes(workerData.specPath).then(
    (text) => port.postMessage({ text }),
    (error) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
