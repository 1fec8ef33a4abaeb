import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** What `npm run build` turns into dist/; the bin bundle is the last file it writes. */
const inputs = [
  "src",
  "generated",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "scripts/bundle-cli.mjs",
];
const lastOutput = path.join(repoRoot, "dist/src/cli/oneprovider-atm.cjs");

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

function builtAt(): number | undefined {
  try {
    return statSync(lastOutput).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Vitest's global setup for the suites that run the built package (the command-line tool, the
 * browser, the package checks): when dist/ is missing or older than what it is built from, it is
 * built again first, so that a test never runs yesterday's tool after an edit.
 */
export default function setup(): void {
  const built = builtAt();
  const changed = Math.max(...inputs.map((input) => newestChange(path.join(repoRoot, input))));
  if (built !== undefined && built >= changed) return;
  process.stderr.write(
    built === undefined
      ? "dist/ is missing: building it first (npm run build)\n"
      : "dist/ is older than src/: building it again first (npm run build)\n",
  );
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
