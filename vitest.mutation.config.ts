import { defineConfig } from "vitest/config";

// The suite as Stryker runs it for each mutant: the Node tests of what it mutates (no browser, no
// package, docs or release tests, which build and pack and say nothing a mutant of src/ could change
// that the other tests do not).
export default defineConfig({
  test: {
    include: ["test/{transport,client,execution,errors}/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
