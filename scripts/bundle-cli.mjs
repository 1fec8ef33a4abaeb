#!/usr/bin/env node
// @ts-check
/**
 * Bundles the command-line tool into one file, the package's bin. A tool called from shell loops
 * pays Node's module loading on every run: one file instead of a dozen modules keeps
 * `oneprovider-atm get --json` close to a bare node:http request. CommonJS, not an ES module: Node's
 * ES module loader costs about 6 ms of a run that takes 100. Run after tsc (`npm run build`).
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The conformance command's validators (generated/response-checks.js, most of the code it adds) go in
 * a file of their own beside the bin, required only when that command runs. Parsed on every start,
 * they cost `get --json` 1.9 ms of 127 (measured side by side; the bin grew by 1.3 ms in all with the
 * command). They are plain functions and data, so no class is copied twice.
 */
const responseChecks = "response-checks.cjs";
/** @type {import("esbuild").Plugin} */
const responseChecksApart = {
  name: "response-checks-apart",
  setup(plugin) {
    plugin.onResolve({ filter: /\/response-checks\.js$/ }, () => ({
      path: `./${responseChecks}`,
      external: true,
    }));
  },
};
await build({
  absWorkingDir: root,
  entryPoints: ["dist/generated/response-checks.js"],
  outfile: `dist/src/cli/${responseChecks}`,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
});
await build({
  absWorkingDir: root,
  entryPoints: ["dist/src/cli/main.js"],
  // Beside main.js, so that the path to package.json (for --version) is the same.
  outfile: "dist/src/cli/oneprovider-atm.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  // The sources read package.json beside import.meta.url; in CommonJS that is the bundle's own file.
  inject: ["scripts/cli-import-meta.js"],
  define: { "import.meta.url": "importMetaUrl" },
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  plugins: [responseChecksApart],
});
