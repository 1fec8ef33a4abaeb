// @ts-check
/**
 * `npm run release:check`: the whole release, rehearsed on a temporary copy of the working tree, so
 * that nothing here changes: `npm run release:version` (the next version, its CHANGELOG entry with
 * the spec diff's summary, the new baseline), `npm pack`, an offline install of the tarball in a
 * scratch project, and a smoke run of the library (against the packaged mock) and of the bin.
 */
import { execFile, spawn } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { installedClosure, npmIsolated } from "./local-install.mjs";
import { releaseVersion } from "./version.mjs";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const say = (/** @type {string} */ text) => process.stdout.write(`${text}\n`);

/** The working tree as git sees it (tracked, and new files it does not ignore), without node_modules. */
async function copyWorkingTree(/** @type {string} */ target) {
  const { stdout } = await exec("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split("\0").filter(Boolean)) {
    try {
      cpSync(path.join(root, file), path.join(target, file), { recursive: true });
    } catch (error) {
      // A file deleted in the working tree but still in the index is not part of it.
      if (/** @type {{ code?: string }} */ (error).code !== "ENOENT") throw error;
    }
  }
  symlinkSync(path.join(root, "node_modules"), path.join(target, "node_modules"), "dir");
}

/** Runs the installed bin with `args`; the mock's address and token in the environment. */
function runBin(
  /** @type {string} */ bin,
  /** @type {string[]} */ args,
  /** @type {NodeJS.ProcessEnv} */ env,
) {
  return exec(bin, args, { env: { ...process.env, ...env }, timeout: 30_000 });
}

async function main() {
  const scratch = mkdtempSync(path.join(tmpdir(), "atm-release-"));
  try {
    const project = path.join(scratch, "project");
    mkdirSync(project);
    await copyWorkingTree(project);

    // Right after a release nothing is pending: rehearse the next patch, so that every step still runs.
    const pending = readdirSync(path.join(project, ".changeset")).filter(
      (file) => file.endsWith(".md") && file !== "README.md",
    );
    if (pending.length === 0) {
      writeFileSync(
        path.join(project, ".changeset", "rehearsal.md"),
        `---\n"${JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name}": patch\n---\n\nA rehearsal.\n`,
      );
      say("release:check: no pending changeset: rehearsing a patch release");
    }
    const { from, to, entry } = await releaseVersion(project);
    say(`release:check: ${from} → ${to}. The CHANGELOG entry would be:\n\n${entry.replace(/^/gm, "  | ")}\n`);

    const cache = path.join(scratch, "npm-cache");
    const tarballs = path.join(scratch, "tarballs");
    mkdirSync(tarballs);
    // prepack builds dist/ in the copy, with the new version.
    const packed = await npmIsolated(["pack", "--json", "--pack-destination", tarballs], project, cache);
    const [tarball] =
      /** @type {{ filename: string, size: number, unpackedSize: number, entryCount: number }[]} */ (
        JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))
      );
    if (!tarball) throw new Error("npm pack made no tarball");
    say(
      `release:check: packed ${tarball.filename}: ${tarball.entryCount} files, ${(tarball.size / 1000).toFixed(1)} kB packed, ${(tarball.unpackedSize / 1000).toFixed(1)} kB unpacked`,
    );

    const pkg = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8"));
    const dependencies = installedClosure(Object.keys(pkg.dependencies ?? {}));
    const depsPacked = await npmIsolated(
      ["pack", "--ignore-scripts", "--json", "--pack-destination", tarballs, ...dependencies],
      root,
      cache,
    );
    const depTarballs = /** @type {{ filename: string }[]} */ (JSON.parse(depsPacked.stdout)).map((item) =>
      path.join(tarballs, item.filename),
    );
    const consumer = path.join(scratch, "consumer");
    mkdirSync(consumer);
    writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }),
    );
    await npmIsolated(
      ["install", "--ignore-scripts", path.join(tarballs, tarball.filename), ...depTarballs],
      consumer,
      cache,
    );
    const installed = JSON.parse(
      readFileSync(path.join(consumer, "node_modules", pkg.name, "package.json"), "utf8"),
    );
    if (installed.version !== to)
      throw new Error(`the installed package says ${installed.version}, not ${to}`);

    // The library: schedule nothing, read what the packaged mock serves, through every entry.
    const smoke = `
      import { createOneproviderClient, summarizeExecution } from "${pkg.name}";
      import { startMockOneprovider } from "${pkg.name}/mock";
      import { dumpAuditLog } from "${pkg.name}/audit-log";
      import { validateWorkflowExecution } from "${pkg.name}/validate";
      const mock = await startMockOneprovider({ clock: "manual" });
      await mock.runToEnd();
      const client = createOneproviderClient({ baseUrl: mock.baseUrl, token: mock.token, validate: validateWorkflowExecution });
      const execution = await client.waitForWorkflowExecution(mock.executions.finished, { intervalMs: 5 });
      let entries = 0;
      for await (const entry of dumpAuditLog(client, execution.systemAuditLogStoreId)) entries += entry ? 1 : 0;
      console.log(JSON.stringify({ status: summarizeExecution(execution).status, entries, baseUrl: mock.baseUrl, token: mock.token, wid: mock.executions.finished }));
      await new Promise((resolve) => process.stdin.once("data", resolve));
      await mock.close();`;
    const library = spawn(process.execPath, ["--input-type=module", "-e", smoke], {
      cwd: consumer,
      stdio: ["pipe", "pipe", "inherit"],
    });
    try {
      const line = await new Promise((resolve, reject) => {
        let text = "";
        library.stdout.on("data", (chunk) => {
          text += chunk;
          if (text.includes("\n")) resolve(text.slice(0, text.indexOf("\n")));
        });
        library.once("exit", (code) =>
          reject(new Error(`the library's smoke run stopped (exit ${code}) before it said anything`)),
        );
      });
      const result = JSON.parse(/** @type {string} */ (line));
      if (result.status !== "finished" || result.entries < 1)
        throw new Error(`the library's smoke run saw ${JSON.stringify(result)}`);
      say(
        `release:check: the library read a ${result.status} execution and ${result.entries} audit-log entries from the packaged mock`,
      );

      // The bin, against the same mock.
      const bin = path.join(consumer, "node_modules/.bin/oneprovider-atm");
      const version = (await runBin(bin, ["--version"], {})).stdout.trim();
      if (version !== to) throw new Error(`oneprovider-atm --version says ${version}, not ${to}`);
      const env = { ONEPROVIDER_HOST: new URL(result.baseUrl).origin, ONEPROVIDER_API_KEY: result.token };
      const shown = JSON.parse((await runBin(bin, ["get", result.wid, "--json"], env)).stdout);
      if (shown.status !== "finished")
        throw new Error(`oneprovider-atm get says ${JSON.stringify(shown.status)}`);
      say(`release:check: oneprovider-atm ${version} ran get --json against the packaged mock`);
    } finally {
      library.stdin.end("done\n");
      library.kill();
    }
    say(`release:check: ok: ${to} would publish as rehearsed (docs/RELEASING.md says how)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(
    `release:check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
