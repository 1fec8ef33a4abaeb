// @ts-check
/**
 * What each kind of consumer pays, in bytes after esbuild bundles and minifies it for a browser (ESM)
 * and gzip -9 compresses it, against the ceilings in etc/size-ceilings.json; and what must never be in
 * a bundle: openapi-fetch and the streaming JSON parser in the main entry, `node:` modules in the
 * browser entries, the mock outside ./mock. Runs on the built tree (npm run build first).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * @typedef {{ id: string, name: string, code: string, platform?: "browser" | "node", forbidden?: string[] }} Consumer
 *   `code` imports from the built entries; `forbidden` names what its bundle must not hold
 */

const mainEntry = "./dist/src/index.js";
/** Modules only the mock may bundle. */
const mockCode = "dist/src/mock/";

/** @type {Consumer[]} */
export const consumers = [
  {
    id: "get-only",
    name: "get only",
    code: `import { createOneproviderClient } from "${mainEntry}"; const c = createOneproviderClient({ host: "h" }); c.getWorkflowExecution("w").then(console.log);`,
    forbidden: ["openapi-fetch", "@streamparser/json", "node:", mockCode],
  },
  {
    id: "get-wait-summarize",
    name: "get + wait + summarize",
    code: `import { createOneproviderClient, summarizeExecution } from "${mainEntry}"; const c = createOneproviderClient({ host: "h" }); c.waitForWorkflowExecution("w").then((e) => console.log(summarizeExecution(e)));`,
    forbidden: ["openapi-fetch", "@streamparser/json", "node:", mockCode],
  },
  {
    id: "main",
    name: "the whole main entry",
    code: `export * from "${mainEntry}";`,
    forbidden: ["openapi-fetch", "@streamparser/json", "node:", mockCode],
  },
  { id: "raw", name: "./raw", code: `export * from "./dist/src/raw.js";`, forbidden: ["node:", mockCode] },
  {
    id: "audit-log",
    name: "./audit-log",
    code: `export * from "./dist/src/audit-log.js";`,
    forbidden: ["node:", mockCode],
  },
  {
    id: "validate",
    name: "./validate",
    code: `export * from "./dist/src/validate.js";`,
    forbidden: ["node:", mockCode],
  },
  // Node only, so not measured against a ceiling: checked for the mock alone.
  {
    id: "node",
    name: "./node",
    code: `export * from "./dist/src/node.js";`,
    platform: "node",
    forbidden: [mockCode],
  },
];

/**
 * Bundles `code` as a consumer's app would be bundled, and says what went into it.
 * @param {string} code
 * @param {{ projectRoot?: string, platform?: "browser" | "node" }} [options]
 * @returns {Promise<{ gzipped: number, minified: number, inputs: string[], imports: string[] }>}
 *   `inputs`: the files bundled (relative to the project); `imports`: the modules left outside it
 */
export async function measureBundle(code, { projectRoot = root, platform = "browser" } = {}) {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: { contents: code, resolveDir: projectRoot, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    metafile: true,
    logLevel: "silent",
    // A node: module in a browser bundle is kept as an import, so that the check below can name it.
    external: ["node:*"],
  });
  const output = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  const metafile = /** @type {import("esbuild").Metafile} */ (result.metafile);
  const outputMeta = Object.values(metafile.outputs)[0];
  return {
    minified: output.length,
    gzipped: gzipSync(output, { level: 9 }).length,
    inputs: Object.keys(metafile.inputs).filter((input) => input !== "<stdin>"),
    imports: (outputMeta?.imports ?? []).map((item) => item.path),
  };
}

/**
 * @typedef {{ bytes: number, why: string }} Ceiling
 * @typedef {{ id: string, name: string, gzipped: number, ceiling: Ceiling | undefined, problems: string[] }} SizeResult
 */

/** How far under its ceiling a bundle may shrink before the ceiling must come down with it. */
export const slack = 0.03;

/**
 * Measures every consumer and judges it against its ceiling.
 * @param {{ projectRoot?: string, ceilings?: Record<string, Ceiling>, only?: Consumer[] }} [options]
 *   `only`: other consumers than the package's own (tests plant some)
 * @returns {Promise<SizeResult[]>}
 */
export async function checkSizes({ projectRoot = root, ceilings, only = consumers } = {}) {
  const limits = ceilings ?? readCeilings(projectRoot);
  return Promise.all(
    only.map(async (consumer) => {
      const measured = await measureBundle(consumer.code, {
        projectRoot,
        platform: consumer.platform ?? "browser",
      });
      const problems = [];
      for (const name of consumer.forbidden ?? []) {
        const found =
          name === "node:"
            ? measured.imports.filter((item) => item.startsWith("node:"))
            : measured.inputs.filter((input) => input.includes(name));
        if (found.length > 0)
          problems.push(
            `must not bundle ${name}, but holds ${found.slice(0, 3).join(", ")}${found.length > 3 ? ", …" : ""}`,
          );
      }
      const ceiling = limits[consumer.id];
      if (consumer.platform !== "node") {
        if (!ceiling)
          problems.push(`has no ceiling in etc/size-ceilings.json (measured ${measured.gzipped} B)`);
        else if (measured.gzipped > ceiling.bytes)
          problems.push(
            `${measured.gzipped} B is over its ceiling of ${ceiling.bytes} B: make it smaller, or raise the ceiling in etc/size-ceilings.json saying why`,
          );
        else if (measured.gzipped < ceiling.bytes * (1 - slack))
          problems.push(
            `${measured.gzipped} B is well under its ceiling of ${ceiling.bytes} B: lower the ceiling to about ${Math.ceil(measured.gzipped * 1.01)} B`,
          );
      }
      return { id: consumer.id, name: consumer.name, gzipped: measured.gzipped, ceiling, problems };
    }),
  );
}

/** @param {string} projectRoot @returns {Record<string, Ceiling>} */
export function readCeilings(projectRoot = root) {
  return JSON.parse(readFileSync(path.join(projectRoot, "etc/size-ceilings.json"), "utf8")).ceilings;
}

const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(2)} kB`;

/** @param {SizeResult[]} results */
export function describeSizes(results) {
  return results.map((result) => {
    const limit = result.ceiling ? ` (ceiling ${kB(result.ceiling.bytes)})` : "";
    const verdict = result.problems.length > 0 ? `\n    ${result.problems.join("\n    ")}` : "";
    return `  ${result.name.padEnd(24)} ${kB(result.gzipped)} gz${limit}${verdict}`;
  });
}
