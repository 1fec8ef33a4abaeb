// @ts-check
/**
 * The benchmarks measure the built package (run `npm run build` first; `npm run bench` does). Typed
 * from the sources, so that the type check needs no build.
 * @template {"index" | "validate" | "node" | "mock"} E
 * @param {E} entry
 * @returns {Promise<E extends "index" ? typeof import("../src/index.js") : E extends "validate" ? typeof import("../src/validate.js") : E extends "node" ? typeof import("../src/node.js") : typeof import("../src/mock/index.js")>}
 */
export function loadBuilt(entry) {
  const file = entry === "mock" ? "mock/index" : entry;
  return import(new URL(`../dist/src/${file}.js`, import.meta.url).href);
}
