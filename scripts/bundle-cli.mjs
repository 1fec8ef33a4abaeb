#!/usr/bin/env node
// @ts-check
/**
 * Bundles the command-line tool into one file, the package's bin. A tool called from shell loops
 * pays Node's module loading on every run: one file instead of a dozen modules keeps
 * `oneprovider-atm get --json` close to a bare node:http request. Run after tsc (`npm run build`).
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ["dist/src/cli/main.js"],
  // Beside main.js, so that the path to package.json (for --version) is the same.
  outfile: "dist/src/cli/oneprovider-atm.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
});
