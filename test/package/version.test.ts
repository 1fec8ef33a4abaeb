import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { PACKAGE_VERSION } from "../../src/client/package-version.js";
import { repoRoot } from "../support/spec.js";

test("the version the client names in its user-agent is package.json's", () => {
  expect(PACKAGE_VERSION).toBe(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
});
