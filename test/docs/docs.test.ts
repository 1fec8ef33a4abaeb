import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright";
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

// Both references as a reader opens them: from disk, in Chromium (as the browser test runs it).
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.runIf(existsSync(chromiumPath) || process.env.CI === "true")(
  "opened from disk in Chromium, the references ask the network for nothing and answer a newcomer's questions",
  async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      const open = async (file: string) => {
        await page.goto(pathToFileURL(path.join(out, file)).href, { waitUntil: "load" });
        return page.evaluate(() => document.body.innerText);
      };
      // The HTTP reference renders with its own script under the page's policy, and loads nothing from elsewhere.
      await page.goto(pathToFileURL(path.join(out, "http-api.html")).href, { waitUntil: "load" });
      await page.waitForFunction(() =>
        document.body.innerText.includes("What a Oneprovider really sends and does"),
      );
      // Each data type has a page of its fields, each with its description from the spec.
      const execution = await open("typescript/interfaces/oneprovider-atm-client.AtmWorkflowExecution.html");
      expect(execution).toMatch(/atmWorkflowExecutionId: string\s+Description\s+The execution id/);
      expect(execution).toContain("systemAuditLogStoreId");
      for (const type of ["AtmLane", "AtmLaneRun", "AtmParallelBox", "ErrorJson", "ScheduleRequest"]) {
        const fields = await open(`typescript/interfaces/oneprovider-atm-client.${type}.html`);
        expect(fields.length, type).toBeGreaterThan(600);
        expect(fields, type).toContain("Description");
      }
      // Signatures name the types they return rather than inline them.
      const client = await open("typescript/interfaces/oneprovider-atm-client.OneproviderClient.html");
      expect(client).toContain("Promise<AtmWorkflowExecution>");
      // The functions people start with show an example.
      const create = await open("typescript/functions/oneprovider-atm-client.createOneproviderClient.html");
      expect(create).toMatch(/Example[\s\S]*createOneproviderClient\(\{/);
      // The landing page names what each entry holds, and what to call first.
      const landing = await open("typescript/index.html");
      expect(landing).toContain("createNodeClient");
      expect(landing).toMatch(/Start with createOneproviderClient/);
      // The page itself, its assets and Redoc's search workers (blob:, made in memory): no network.
      const elsewhere = requested.filter((url) => !/^(file|data|blob):/.test(url));
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  60_000,
);
