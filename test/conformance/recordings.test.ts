import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readExchanges, replayExchanger, RECORDING_FILE } from "../../src/conformance/recording.js";
import type { Check } from "../../src/conformance/check-runner.js";
import { runConformance, type ConformanceOptions } from "../../src/conformance/suite.js";
import { repoRoot } from "../support/spec.js";

// Every recording in recordings/ is replayed offline through the same suite and held to the spec the
// same way as a live run: the mock's (made by `npm run conformance:record-mock`) and any recording of
// a real provider dropped in beside it (`oneprovider-atm conformance … --record DIR`).
const folder = join(repoRoot, "test/conformance/recordings");
const recordings = readdirSync(folder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, RECORDING_FILE)))
  .map((entry) => entry.name);

test("the mock's recording ships", () => {
  expect(recordings).toContain("mock");
});

describe.each(recordings)("recording %s", (name) => {
  const dir = join(folder, name);
  const { options } = JSON.parse(readFileSync(join(dir, RECORDING_FILE), "utf8")) as {
    options: ConformanceOptions;
  };

  test("replays offline, every request answered from the recording, every check as the spec says", async () => {
    let now = 0;
    const report = await runConformance(options, {
      exchange: replayExchanger(dir),
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    expect(report.checks.filter((check) => check.observed.startsWith("no answer"))).toEqual([]);
    expect(report.drift).toEqual([]);
    expect(report.checks.every((check) => check.ok)).toBe(true);
    // The report the live run printed, when the recording keeps it, is the one its replay gives (the
    // wording of an expectation may have changed since; what was checked and what came back may not).
    const recorded = join(dir, "report.json");
    if (existsSync(recorded)) {
      const live = JSON.parse(readFileSync(recorded, "utf8")) as { checks: Check[] };
      const outcome = ({ id, operationId, ok, observed }: Check) => ({
        id,
        operationId,
        ok,
        observed,
      });
      expect(report.checks.map(outcome)).toEqual(live.checks.map(outcome));
    }
  });

  test("holds no token: requests say only which kind of token they carried", () => {
    for (const { request } of readExchanges(dir)) {
      expect(["token", "none", "bad-token"]).toContain(request.auth);
      for (const header of Object.keys(request.headers ?? {}))
        expect(header).not.toMatch(/^(x-auth-token|authorization|macaroon|cookie)$/i);
    }
  });
});
