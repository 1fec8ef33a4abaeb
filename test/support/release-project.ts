import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument, type Document } from "yaml";
import { recordRelease } from "../../scripts/release/released.mjs";
import { repoRoot } from "./spec.js";

/**
 * A scratch copy of what the release guard reads (the spec, the built declarations, the API reports,
 * the changesets, package.json) and of the scripts that read it in a git repository of its own on a `main` branch, as `changeset
 * status` wants it; node_modules is the repository's. Tests plant changes in it and judge them.
 */
export class ReleaseProject {
  readonly root = mkdtempSync(path.join(tmpdir(), "atm-release-project-"));

  constructor() {
    for (const entry of [
      "package.json",
      "package-lock.json",
      "CHANGELOG.md",
      "scripts",
      "openapi.yaml",
      "redocly.yaml",
      "dist",
      "etc/api",
      "etc/api-extractor.json",
      "etc/redocly-diff.yaml",
      "src/client/package-version.ts",
    ])
      cpSync(path.join(repoRoot, entry), path.join(this.root, entry), { recursive: true });
    cpSync(path.join(repoRoot, ".changeset/config.json"), path.join(this.root, ".changeset/config.json"));
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(this.root, "node_modules"), "dir");
    writeFileSync(path.join(this.root, ".gitignore"), "node_modules\n");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: this.root, stdio: "ignore" });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("-c", "user.email=release@test", "-c", "user.name=release", "commit", "-qm", "scratch");
  }

  private released = new Map<string, string>();

  /** Sets package.json's version, and records the tree as that version's release. */
  release(version: string) {
    this.editJson("package.json", (pkg) => (pkg.version = version));
    recordRelease(version, this.root);
    this.released = new Map(
      ["package.json", "openapi.yaml", "dist/src/index.d.ts"].map((file) => [
        file,
        readFileSync(path.join(this.root, file), "utf8"),
      ]),
    );
  }

  /** Back to the last release: its spec and declarations, and no pending changeset. */
  restore() {
    for (const [file, text] of this.released) writeFileSync(path.join(this.root, file), text);
    for (const file of readdirSync(path.join(this.root, ".changeset")))
      if (file.endsWith(".md")) rmSync(path.join(this.root, ".changeset", file));
  }

  /** Changes openapi.yaml through its YAML document, keeping everything else as it was. */
  editSpec(edit: (document: Document) => void) {
    const file = path.join(this.root, "openapi.yaml");
    const document = parseDocument(readFileSync(file, "utf8"));
    edit(document);
    writeFileSync(file, String(document));
  }

  /** Changes a built declaration file, as a change to the source would after `npm run build`. */
  editDeclarations(file: string, edit: (text: string) => string) {
    const full = path.join(this.root, "dist/src", file);
    const before = readFileSync(full, "utf8");
    const after = edit(before);
    if (after === before) throw new Error(`the edit changed nothing in ${file}`);
    writeFileSync(full, after);
  }

  changeset(id: string, bump: "major" | "minor" | "patch", summary = "A change.") {
    writeFileSync(
      path.join(this.root, ".changeset", `${id}.md`),
      `---\n"oneprovider-atm-client": ${bump}\n---\n\n${summary}\n`,
    );
  }

  editJson(file: string, edit: (value: any) => void) {
    const full = path.join(this.root, file);
    const value = JSON.parse(readFileSync(full, "utf8"));
    edit(value);
    writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
  }

  remove() {
    rmSync(this.root, { recursive: true, force: true });
  }
}
