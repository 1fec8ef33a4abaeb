import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { repoRoot, spec } from "../support/spec.js";

const out = mkdtempSync(path.join(tmpdir(), "atm-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** An HTML page's visible words, one space apart. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

test("npm run docs builds the HTTP reference (self-contained) and the TypeScript reference", async () => {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, "scripts/docs.mjs"), "--out", out], {
    cwd: repoRoot,
  });
  const http = readFileSync(path.join(out, "http-api.html"), "utf8");
  // Every operation of the spec is in the HTTP reference.
  const operationIds = Object.values(spec.paths).flatMap((pathItem) =>
    Object.values(pathItem).map((operation) => operation.operationId),
  );
  expect(operationIds.length).toBe(12);
  for (const operationId of operationIds) expect(http).toContain(operationId);
  expect(http).toContain("AtmWorkflowExecutionLaneRunDetails");
  // Renders offline: no script is loaded from anywhere else.
  expect(http).not.toMatch(/<script[^>]+src="https?:/);
  // The TypeScript reference opens on a landing page that says what the package is, and links every
  // entry point by its import name to a module page that has a comment of its own.
  const typescript = readFileSync(path.join(out, "typescript/index.html"), "utf8");
  expect(textOf(typescript)).toContain("A typed client for the automation API");
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  const entries = Object.keys(packageJson.exports as Record<string, unknown>)
    .filter((entry) => entry !== "./package.json")
    .map((entry) => path.posix.join("oneprovider-atm-client", entry));
  expect(entries.length).toBeGreaterThanOrEqual(4);
  for (const entry of entries) {
    const link = new RegExp(`href="(modules/[^"]+)"[^>]*>${entry}</a>`).exec(typescript);
    expect(link, `the landing page links ${entry}`).not.toBeNull();
    const modulePage = textOf(readFileSync(path.join(out, "typescript", link![1]!), "utf8"));
    const moduleComment = new RegExp(
      `Module ${entry} (.*?) (Classes|Interfaces|Functions|Type Aliases|Variables|References) `,
    ).exec(modulePage);
    expect(moduleComment?.[1]?.length ?? 0, `${entry} has a module comment`).toBeGreaterThan(60);
  }
  const client = readFileSync(
    path.join(out, "typescript/functions/oneprovider-atm-client.createOneproviderClient.html"),
    "utf8",
  );
  expect(client).toContain("createOneproviderClient");
}, 60_000);
