// @ts-check
/**
 * Prettier's output for a generated file. Formatting generated/openapi.ts is about a third of the
 * pipeline's time, and its input changes only when the spec does. The key is everything the output
 * depends on: the unformatted text (so the spec, the lint config and the pipeline's own scripts, which
 * make it), the file's name, prettier's version, and the options prettier resolves for that very file
 * (from the nearest .prettierrc*, package.json's "prettier", …), so a hit is exactly what prettier
 * would print.
 */
import { cacheStore, keyOf } from "./cache-store.mjs";

export function formatCache() {
  const store = cacheStore("format");
  /**
   * @param {string} prettierVersion
   * @param {object} options  what prettier resolved for the file, as passed to format()
   * @param {string} file
   * @param {string} text
   */
  const keyFor = (prettierVersion, options, file, text) =>
    keyOf(prettierVersion, stableJson(options), file, text);
  return {
    /**
     * @param {{ prettierVersion: string, options: object, file: string, text: string }} input
     * @returns {string | undefined}
     */
    get: ({ prettierVersion, options, file, text }) =>
      store.get(keyFor(prettierVersion, options, file, text))?.toString("utf8"),
    /**
     * @param {{ prettierVersion: string, options: object, file: string, text: string }} input
     * @param {string} formatted
     */
    set: ({ prettierVersion, options, file, text }, formatted) =>
      store.set(keyFor(prettierVersion, options, file, text), formatted),
  };
}

/**
 * JSON with every object's keys sorted, at every depth: the same options always give the same key.
 * @param {unknown} value
 * @returns {string}
 */
function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
