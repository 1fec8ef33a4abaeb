// @ts-check
/**
 * Mutation testing, `npm run mutate`: Stryker changes the code of the transport, the client, the
 * execution helpers and the errors one mutant at a time, and runs the tests that cover each; a mutant
 * that no test kills is code whose behaviour no test pins. Slow on two cores, so not part of CI.
 *
 * StrykerJS 9.6 (the 10.x line refuses Node 20). `npm run mutate -- --incremental` reuses the last
 * run's results for unchanged code and tests (reports/mutation/stryker-incremental.json);
 * `npm run mutate -- --mutate "src/errors/**"` narrows it to one folder. The report is
 * reports/mutation/index.html.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // Every test of the four folders for the dry run; per-test coverage then picks the tests of each mutant.
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: ["src/transport/**/*.ts", "src/client/**/*.ts", "src/execution/**/*.ts", "src/errors/**/*.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: "node_modules/.cache/oneprovider-atm-client/stryker",
};
