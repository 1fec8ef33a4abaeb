// @ts-check
/**
 * The pipeline's cost against the same work done by three separate commands (Redocly lint,
 * openapi-typescript, prettier --check), side by side in one run. Target: ratio at most 1.1, with no
 * cache of any kind (the pipeline keeps none).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatMs, interleave, median, timeCommand } from "./measure.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (/** @type {string} */ name) => path.join(root, "node_modules/.bin", name);
const scratch = mkdtempSync(path.join(tmpdir(), "atm-bench-"));
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const options = { cwd: root };

try {
  const times = await interleave(rounds, {
    pipeline: () => timeCommand("npm", ["run", "--silent", "generate", "--", "--check"], options),
    threeCommands: () =>
      timeCommand(bin("redocly"), ["lint", "openapi.yaml"], options) +
      timeCommand(
        bin("openapi-typescript"),
        ["openapi.yaml", "--root-types", "--alphabetize", "-o", path.join(scratch, "openapi.ts")],
        options,
      ) +
      timeCommand(bin("prettier"), ["--check", "generated/openapi.ts"], options),
  });
  const pipeline = median(times.pipeline);
  const separate = median(times.threeCommands);
  const ratio = pipeline / separate;
  console.log(`generate: ${rounds} interleaved rounds, medians`);
  console.log(`  npm run generate -- --check          ${formatMs(pipeline)}`);
  console.log(`  redocly lint + openapi-typescript + prettier --check   ${formatMs(separate)}`);
  console.log(`  ratio ${ratio.toFixed(2)} (target <= 1.10) ${ratio <= 1.1 ? "met" : "NOT MET"}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
