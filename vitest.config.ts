import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// The browser test runs in Debian's Chromium. Where it is missing, a developer's `npm test` still
// passes and says so; under CI=true it is a failure, since CI must run every test.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromium);
if (!hasChromium) {
  if (process.env.CI === "true") {
    throw new Error(
      `CI=true but no Chromium at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  // Said once, though vitest may load this file more than once.
  if (!process.env.ATM_BROWSER_NOTICE_SHOWN)
    process.stderr.write(
      `\n  Browser test SKIPPED: no Chromium at ${chromium}.\n` +
        "  To run it: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).\n\n",
    );
  process.env.ATM_BROWSER_NOTICE_SHOWN = "1";
}

const browserProject: TestProjectInlineConfiguration = {
  test: {
    name: "browser",
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/support/fresh-build.ts", "test/browser/global-setup.ts"],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
};

/**
 * The library's own tests (client, transport, errors, execution helpers, mock, report, command-line
 * tool, conformance, the spec contract): the fast loop, `npm run test:unit`. The rest test the repository's
 * tooling: the spec pipeline, the release guard, the docs and the package as it ships.
 */
const unit = [
  "client",
  "transport",
  "errors",
  "execution",
  "mock",
  "report",
  "cli",
  "conformance",
  "contract",
].map((name) => `test/${name}/**/*.test.ts`);

export default defineConfig({
  test: {
    // CI also keeps a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters:
      process.env.CI === "true" ? ["default", ["json", { outputFile: ".vitest-report.json" }]] : ["default"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Vitest's default leaves a core idle (one worker on two cores); most files wait on child
    // processes and sockets rather than compute, so a worker per core halves the run.
    maxWorkers: availableParallelism(),
    // A test of the built tool never runs a dist/ older than src/.
    globalSetup: ["test/support/fresh-build.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: unit,
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      // Everything else but the browser's, so that no new folder of tests is left out of both.
      {
        extends: true,
        test: { name: "tooling", include: ["test/**/*.test.ts"], exclude: [...unit, "test/browser/**"] },
      },
      ...(hasChromium ? [browserProject] : []),
    ],
  },
});
