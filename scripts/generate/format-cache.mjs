// @ts-check
/**
 * Prettier's output for a generated file, kept in node_modules/.cache (the usual place for tool
 * caches). Formatting generated/openapi.ts is about a third of the pipeline's time, and its input
 * changes only when the spec does. The key is everything the output depends on: the unformatted
 * text, the file's name, prettier's version and the project's prettier config, so a hit is exactly
 * what prettier would print. A cache that cannot be read or written only loses the speed-up.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cacheDir = path.join(root, "node_modules/.cache/oneprovider-atm-client/format");

/** @param {string} file */
const readOrEmpty = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

export function formatCache() {
  const { version } = createRequire(import.meta.url)("prettier/package.json");
  const config = readOrEmpty(path.join(root, ".prettierrc.json"));
  /** @param {string} file @param {string} text */
  const entry = (file, text) =>
    path.join(
      cacheDir,
      createHash("sha256").update(`${version}\0${config}\0${file}\0${text}`).digest("hex").slice(0, 40),
    );
  return {
    /** @param {string} file @param {string} text @returns {string | undefined} */
    get: (file, text) => readOrEmpty(entry(file, text)) || undefined,
    /** @param {string} file @param {string} text @param {string} formatted */
    set(file, text, formatted) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(entry(file, text), formatted);
      } catch {
        // A read-only node_modules only loses the speed-up.
      }
    },
  };
}
